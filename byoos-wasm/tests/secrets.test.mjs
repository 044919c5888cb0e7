// Secrets never reach JavaScript: not in a message, a help, an error's message, the
// diagnostics of an error, nor any result (issue 14 §1); control characters from keys
// are escaped in error messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImage, fromPackerManifest, render, renderProfile, setValues, validate } from 'byoos';

const valuesWith = (password) =>
  `pack:\n  osName: 12\n  osVersion: 8.10\nproviderCredentials:\n  user: admin\n  pasword: x\n  password: ${password}\n  registry: 10.0.0.1:5000\nextra: 1\n`;

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

for (const [password, hidden] of [
  ['Hunter2SecretPW', ['Hunter2SecretPW']],
  ['20250101', ['20250101']],
  ['0x1F2E', ['0x1F2E', '7982']],
  ['8.10', ['8.10']],
  ["'S3cQuotedPass'", ['S3cQuotedPass']],
]) {
  test(`a password (${password}) never shows`, () => {
    const src = valuesWith(password);
    const edge = { pack: 'edge-native-byoi' };
    const report = validate(src, edge);
    assert.ok(report.diagnostics.some((d) => d.code === 'pack/plaintext-secret'));
    for (const d of report.diagnostics) {
      for (const h of hidden) {
        assert.ok(!d.message.includes(h) && !(d.help ?? '').includes(h), `${h}: ${JSON.stringify(d)}`);
      }
    }
    assertHidden(
      [
        texts(() => validate(src)),
        texts(() => render(src, {}, edge)),
        texts(() => setValues(src, { 'providerCredentials/password/x': 'y' })),
        texts(() => setValues(src, { 'pack/osName/0': 'y' })),
        texts(() => setValues(src, { 'providerCredentials/password': 20250101 })),
        texts(() => validate(`${src}  - : [\n`)),
      ],
      hidden.filter((h) => h.length >= 6 || !/^[0-9.]+$/.test(h)),
    );
  });
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

test('a SAS signature never shows', () => {
  const sig = 'c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5';
  const url = `https://acct01.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sp=r&sig=${sig}%3D`;
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
  assertHidden(outcomes, [sig]);
});

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
