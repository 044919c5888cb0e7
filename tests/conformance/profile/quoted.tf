resource "spectrocloud_cluster_profile" "generic" {
  name = "generic-tf"
  pack {
    name   = "generic-byoi"
    tag    = "1.0.0"
    values = "pack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: \"rh\u00e9l\"\n  osVersion: 8.10\n"
  }
}
