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
          "values": "pack:\n  content:\n    images:\n      - image: \"{{.spectro.pack.edge-native-byoi.options.system.uri}}\"\n  # Below config is default value, please uncomment if you want to modify default values\n  #drain:\n    #cordon: true\n    #timeout: 60 # The length of time to wait before giving up, zero means infinite\noptions:\n  system.uri: \"{{ .spectro.pack.edge-native-byoi.options.system.registry }}/{{ .spectro.pack.edge-native-byoi.options.system.repo }}:{{ .spectro.pack.edge-native-byoi.options.system.k8sDistribution }}-{{ .spectro.system.kubernetes.version }}-{{ .spectro.pack.edge-native-byoi.options.system.peVersion }}-{{ .spectro.pack.edge-native-byoi.options.system.customTag }}\"\n  system.registry: ttl.sh\n  system.repo: ubuntu\n  system.k8sDistribution: k3s\n  system.osName: ubuntu\n  system.peVersion: v4.2.3\n  system.customTag: '{{ .spectro.var.custom_tag }}'\n  system.osVersion: \"22\"\n"
        },
        {
          "name": "edge-k3s",
          "type": "spectro",
          "layer": "k8s",
          "tag": "1.29.5",
          "values": "cluster:\n  config: |\n    node-image: {{ .spectro.pack.edge-native-byoi.pack.content.images.0.image }}\n  version: '{{ .spectro.system.kubernetes.version }}'\n  tag: \"{{ .spectro.var.custom_tag | upper }}\"\n"
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
        "isSensitive": false,
        "isHidden": false,
        "immutable": false,
        "defaultValue": "demo"
      },
      {
        "name": "unused-name",
        "format": "string"
      }
    ]
  }
}
