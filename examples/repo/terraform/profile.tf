# A cluster profile in Terraform (spectrocloud provider): the Edge OS layer's values in a
# heredoc, the Kubernetes layer's in a file next to this one.
#
# Check it with:   byoos validate examples/repo/terraform
# Render it with:  byoos render-profile examples/repo/terraform/profile.tf --system kubernetes.version=1.29.5

data "spectrocloud_registry" "public" {
  name = "Public Repo"
}

data "spectrocloud_pack_simple" "byoos" {
  name         = "edge-native-byoi"
  version      = "1.0.0"
  type         = "helm"
  registry_uid = data.spectrocloud_registry.public.id
}

resource "spectrocloud_cluster_profile" "edge" {
  name  = "edge-k3s"
  cloud = "edge-native"
  type  = "cluster"

  pack {
    name   = "edge-native-byoi"
    tag    = "1.0.0"
    uid    = data.spectrocloud_pack_simple.byoos.id
    values = <<-EOT
      pack:
        content:
          images:
            - image: "{{.spectro.pack.edge-native-byoi.options.system.uri}}"
      options:
        system.uri: "{{ .spectro.pack.edge-native-byoi.options.system.registry }}/{{ .spectro.pack.edge-native-byoi.options.system.repo }}:{{ .spectro.pack.edge-native-byoi.options.system.k8sDistribution }}-{{ .spectro.system.kubernetes.version }}-{{ .spectro.pack.edge-native-byoi.options.system.peVersion }}-{{ .spectro.var.custom_tag }}"
        system.registry: ttl.sh
        system.repo: ubuntu
        system.k8sDistribution: k3s
        system.osName: ubuntu
        system.peVersion: v4.4.12
        system.osVersion: "22.04"
    EOT
  }

  pack {
    name   = "edge-k3s"
    tag    = "1.29.5"
    values = file("${path.module}/values/edge-k3s.yaml")
  }

  profile_variables {
    variable {
      name          = "custom_tag"
      display_name  = "Custom tag"
      format        = "string"
      regex         = "^[a-z0-9-]+$"
      required      = true
      default_value = "demo"
    }
  }
}
