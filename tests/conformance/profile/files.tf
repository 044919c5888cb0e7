resource "spectrocloud_cluster_profile" "edge" {
  name = "edge-files"
  pack {
    name   = "edge-native-byoi"
    tag    = "1.0.0"
    values = file("${path.module}/values/edge.yaml")
  }
  pack {
    name   = "edge-k3s"
    tag    = "1.29.5"
    values = templatefile("values/k3s.yaml.tftpl", { version = "1.29.5" })
  }
  pack {
    name   = "missing"
    values = file("values/missing.yaml")
  }
  pack {
    name   = "computed"
    values = var.addon_values
  }
  profile_variables {
    variable {
      name         = "custom-tag"
      display_name = "Custom tag"
      format       = "string"
    }
  }
}
