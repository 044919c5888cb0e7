// Inputs shared by the Node and browser tests.

// Edge values with two classic mistakes: curly quotes pasted from a document, and
// `content:` at the indentation of `pack:` (so `pack` is empty).
export const EDGE = `pack:
content:
  images:
    - image: ‘{{ .spectro.pack.edge-native-byoi.options.system.uri }}’
options:
  system.uri: “{{ .spectro.pack.edge-native-byoi.options.system.registry }}/x”
  system.registry: ttl.sh
`;

export const EDGE_EXPECTED = [
  ['pack/misplaced-key', ['content'], 2, 1],
  ['yaml/smart-quotes', ['content', 'images', 0, 'image'], 4, 14],
  ['yaml/smart-quotes', ['options', 'system.uri'], 6, 15],
];

// Non-ASCII before the offending value: the emoji is two UTF-16 units.
export const GENERIC = `# 🚀 RHEL 8 image — built by Packer
pack:
  osImageOverride: "ami-0f4804aff4cf9c5a2"
  osName: rhel
  osVersion: 8.10
`;
