# Values in heredocs: `<<-EOT` (indent stripped) and `<<EOT` (as written).
resource "spectrocloud_cluster_profile" "edge" {
  name  = "edge-tf"
  cloud = "edge-native"

  pack {
    name   = "edge-native-byoi"
    tag    = "1.0.0"
    values = <<-EOT
      pack:
        content:
          images:
            - image: "{{.spectro.pack.edge-native-byoi.options.system.uri}}"
      options:
        system.uri: "ttl.sh/ubuntu:k3s-1.29.5-v4.4.12-$${TAG}"
        system.k8sDistrubution: k3s
        system.osVersion: "22.04"
    EOT
  }

  pack {
    name   = "edge-k3s"
    tag    = "1.29.5"
    values = <<EOT
cluster:
  config: |
    node-image: {{ .spectro.pack.edge-native-byoi.pack.content.images.0.image }}
  version: {{ .spectro.system.kubernetes.verison }}
EOT
  }
}
