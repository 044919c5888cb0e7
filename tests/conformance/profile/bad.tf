resource "spectrocloud_cluster_profile" "edge" {
  name = "edge"
  pack {
    name = "edge-native-byoi"
    values = <<-EOT
      pack:
    EOT
  
