{
  "metadata": {
    "name": "edge-export"
  },
  "spec": {
    "version": "1.0.0",
    "template": {
      "type": "cluster",
      "cloudType": "edge-native",
      "packs": [
        {
          "name": "edge-native-byoi",
          "type": "oci",
          "layer": "os",
          "version": "1.0.0",
          "tag": "1.0.0",
          "values": "pack:\n  content:\n    images:\n      - image: \"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"\noptions:\n  system.uri: \"{{ .spectro.pack.edge-native-byoi.options.system.registry }}/ubuntu:k3s-{{ .spectro.system.kubernetes.verison }}-v4.4.12-{{ .spectro.var.custom_tag }}\"\n  system.registry: ttl.sh\n  system.k8sDistribution: k3s\n  system.osName: ubuntu\n  system.osVersion: \"22.04\"\n"
        },
        {
          "name": "edge-k3s",
          "type": "spectro",
          "layer": "k8s",
          "tag": "1.29.5",
          "values": "cluster:\n  config: |\n    node-image: {{ .spectro.pack.edge-native-byoi.pack.content.images.0.image }}\n"
        }
      ]
    },
    "variables": [
      {
        "name": "custom_tag",
        "displayName": "Custom tag",
        "format": "string",
        "regex": "^[a-z0-9-]+$",
        "required": true,
        "defaultValue": "demo"
      }
    ]
  }
}
