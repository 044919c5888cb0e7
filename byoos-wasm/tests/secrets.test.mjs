// Secrets never reach JavaScript: not in a message, a help, an error's message, the
// diagnostics of an error, nor any result (issue 14 §1); control characters from keys
// are escaped in error messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImage, fromPackerManifest, render, renderProfile, setValues, validate } from 'byoos';

/** Values with `key: value` planted under providerCredentials. */
const valuesWith = (key, value) =>
  `pack:\n  osName: 12\n  osVersion: 8.10\nproviderCredentials:\n  user: admin\n  pasword: x\n  ${key}: ${value}\n${key === 'registry' ? '' : '  registry: 10.0.0.1:5000\n'}extra: 1\n`;

// Passwords as written, with what each may be read as besides its text.
const PASSWORDS = [
  ['Hunter2SecretPW', ['Hunter2SecretPW']],
  ['20250101', ['20250101']],
  ['0x1F2E', ['0x1F2E', '7982']],
  ['8.10', ['8.10']],
  ["'S3cQuotedPass'", ['S3cQuotedPass']],
];

// Every kind of secret the core hides by its key, planted under providerCredentials as
// `key: value`, `{}` standing for the secret: [id, key, value]. The pack knows `password`
// and `registry`; the other keys are unknown there, so a finding stands on each line.
const KINDS = [
  ['password', 'password', '{}'],
  ['apiKey', 'apiKey', '{}'],
  ['api_key', 'api_key', '{}'],
  ['privateKey', 'privateKey', '{}'],
  ['aws_secret_access_key', 'aws_secret_access_key', '{}'],
  ['url-password', 'registry', '"https://robot:{}@registry.example.com/edge"'],
];

// Secrets an image reference carries: [id, reference, secret].
const IMAGE_SECRETS = [
  ['sas', 'https://acct01.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sp=r&sig={}%3D', 'c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5'],
  ['url-password', 'https://robot:{}@images.example.com/vhds/u.vhd', 'S3cUrlPassword1'],
  ['short-url-password', 'https://robot:{}@images.example.com/u.qcow2', 'S3cPw'],
  ['oci-url-password', 'oci://robot:{}@harbor.example.com/edge/u:1.0', 'S3cUrlPassword2'],
];

/** The user's own data in a result: the rendered or edited values. */
function withoutOwnText(result) {
  const { text: _text, values: _values, ...rest } = result ?? {};
  if (Array.isArray(rest.packs)) {
    rest.packs = rest.packs.map((p) => withoutOwnText(p));
  }
  return rest;
}

/** Every text an outcome shows besides its own rendered text: the result as JSON, or the
 * error's message and diagnostics. */
function texts(f) {
  try {
    const r = f();
    return [typeof r === 'string' ? r : JSON.stringify(withoutOwnText(r))];
  } catch (e) {
    return [String(e), e.message, e.stack ?? '', JSON.stringify(e.diagnostics ?? [])];
  }
}

function assertHidden(outcomes, secrets) {
  for (const text of outcomes.flat()) {
    for (const s of secrets) {
      assert.ok(!text.includes(s), `${s} shows in ${text}`);
    }
  }
}

for (const [kind, key, value] of KINDS) {
  // A URL's password without quotes of its own.
  for (const [password, hidden] of PASSWORDS.filter(([p]) => value === '{}' || !/^['"]/.test(p))) {
    test(`a secret (${kind}, ${password}) never shows`, () => {
      const src = valuesWith(key, value.replace('{}', password));
      const edge = { pack: 'edge-native-byoi' };
      const report = validate(src, edge);
      // A finding on the planted line: every excerpt of it quotes that line.
      assert.ok(report.diagnostics.some((d) => d.path.join('/') === `providerCredentials/${key}`));
      if (key === 'password') {
        assert.ok(report.diagnostics.some((d) => d.code === 'pack/plaintext-secret'));
      }
      for (const d of report.diagnostics) {
        for (const h of hidden) {
          assert.ok(!d.message.includes(h) && !(d.help ?? '').includes(h), `${h}: ${JSON.stringify(d)}`);
        }
      }
      // A failed edit of the secret's path names it and points at its line.
      const failed = texts(() => setValues(src, { [`providerCredentials/${key}/x`]: 'y' }));
      assert.ok(failed[1].includes(`providerCredentials/${key}`), failed[1]);
      assertHidden(
        [
          failed,
          texts(() => validate(src)),
          texts(() => render(src, {}, edge)),
          texts(() => setValues(src, { 'pack/osName/0': 'y' })),
          texts(() => setValues(src, { [`providerCredentials/${key}`]: 20250101 })),
          texts(() => setValues(src, { 'providerCredentials/user': 'y' }, edge)),
          texts(() => validate(`${src}  - : [\n`)),
        ],
        hidden.filter((h) => h.length >= 6 || !/^[0-9.]+$/.test(h)),
      );
    });
  }
}

test('sensitive values and defaults never show', () => {
  const secret = 'S3cSensitiveValue1';
  const ctx = {
    variables: {
      definitions: [{ name: 'pw', isSensitive: true, format: 'ipv4', defaultValue: `${secret}d` }],
      values: { pw: secret },
    },
  };
  const src = 'pack:\n  osName: "{{ .spectro.var.pw }}"\n  osVersion: "{{ .spectro.var.pw }}/x"\n  "{{ .spectro.var.pw }}": 1\n';
  const profile = `variables:\n  - name: pw\n    isSensitive: true\n    format: number\n    defaultValue: "${secret}"\npacks:\n  - name: p\n    values: |\n      pack:\n        osName: "{{ .spectro.var.pw }}"\n`;
  assertHidden(
    [
      texts(() => validate(src, { context: ctx })),
      texts(() => render(src, ctx).diagnostics),
      texts(() => render(src, { ...ctx, sytem: {} })),
      texts(() => renderProfile(profile)),
    ],
    [secret],
  );
});

for (const [kind, reference, secret] of IMAGE_SECRETS) {
  test(`a secret in an image reference (${kind}) never shows`, () => {
    const url = reference.replace('{}', secret);
    const manifest = JSON.stringify({
      builds: [{ name: 'u', builder_type: 'azure-arm', packer_run_uuid: 'r', artifact_id: url }],
      last_run_uuid: 'q',
    });
    const outcomes = [texts(() => fromPackerManifest(manifest))];
    for (const provider of ['aws', 'azure', 'vsphere', 'gcp', 'openstack', 'maas', 'edge']) {
      outcomes.push(texts(() => checkImage(provider, url)));
      const src = `pack:\n  osImageOverride: "${url}"\n  osName: 1\n  osVersion: "22.04"\n`;
      outcomes.push(texts(() => validate(src, { provider })));
    }
    assertHidden(outcomes, [secret]);
  });
}

test('control characters from keys are escaped in error messages', () => {
  const src = 'pack:\n  "os\\e]52;c;aGk=\\aName\\r": x\n  osName: ubuntu\n';
  let error;
  try {
    setValues(src, { 'pack/os\u001b]52;c;aGk=\u0007Name\r/x': 'y' });
  } catch (e) {
    error = e;
  }
  assert.equal(error?.name, 'ByoosError');
  for (const c of ['\u001b', '\u0007', '\r']) {
    assert.ok(!error.message.includes(c), JSON.stringify(error.message));
  }
});
