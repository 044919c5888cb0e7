// Compile-only check (`tsc -p tests/tsconfig.json`): the hand-written declarations
// accept what the docs show and reject what they should.
import { validate, version, type Context, type Diagnostic, type Report, type PackKind, type PackReport } from 'byoos';

const report: Report = validate('pack: {}\n');
const again: Report = validate('pack: {}\n', { pack: 'generic-byoi', packName: 'os', fileName: 'v.yaml', limits: { maxDepth: 8 } });
const kind: PackKind | null = report.pack;
const first: Diagnostic | undefined = report.diagnostics[0];
if (first) {
  const segments: (string | number)[] = first.path;
  const offsets: [number, number] = [first.start, first.end];
  const hint: string | undefined = first.help;
  const severity: 'error' | 'warning' | 'info' = first.severity;
  void [segments, offsets, hint, severity, first.endLine, first.endColumn];
}
const v: string = version();
// @ts-expect-error: not a pack kind
validate('x', { pack: 'edge' });
// @ts-expect-error: options are camelCase
validate('x', { pack_name: 'x' });
const context: Context = { system: { 'cluster.name': 'edge-01' }, macros: { project: { registry: 'harbor' } } };
validate('x', { provider: 'aws', region: 'us-east-1', context, strict: true });
// @ts-expect-error: not a provider
validate('x', { provider: 'ec2' });
const tf = validate('resource "spectrocloud_cluster_profile" "p" {}\n', { input: 'terraform', files: { 'values.yaml': 'a: 1\n' } });
const packs: PackReport[] = tf.packs ?? [];
const file: string | undefined = packs[0]?.file;
const packKind: PackKind | null | undefined = packs[0]?.kind;
// @ts-expect-error: not an input kind
validate('x', { input: 'hcl' });
void [again, kind, v, file, packKind];

// Every other operation.
import {
  render, renderProfile, checkImage, fromPackerManifest, toTerraform, jsonSchema,
  type Rendered, type RenderedProfile, type ImageReport, type ImageKind, type PackerResult, type ByoosError,
} from 'byoos';

const rendered: Rendered = render('a: 1\n', context, { strict: true, packName: 'os' });
const text: string = rendered.text;
const profile: RenderedProfile = renderProfile('packs: []\n', { variables: { values: { tag: 'x' } } });
const packText: string | undefined = profile.packs[0]?.text;
const image: ImageReport = checkImage('aws', 'ami-0123456789abcdef0', { region: 'us-east-1' });
const imageKind: ImageKind = image.kind;
const normalized: string | null = image.normalized;
const region: string | undefined = image.parts['region'];
// @ts-expect-error: not a provider
checkImage('ec2', 'ami-0123456789abcdef0');
const packer: PackerResult = fromPackerManifest('{}', { region: 'us-east-1', osName: 'ubuntu', osVersion: '22.04' });
const values: string | null = packer.text;
// @ts-expect-error: options are camelCase
fromPackerManifest('{}', { os_name: 'ubuntu' });
const hcl: string = toTerraform('pack: {}\n', { pack: 'generic-byoi', version: '1.0.0', registry: 'Public Repo' });
const schema: string = jsonSchema('edge-native-byoi');
// @ts-expect-error: not a pack kind
jsonSchema('edge');
try {
  render('[', null);
} catch (e) {
  const err = e as ByoosError;
  const name: 'ByoosError' = err.name;
  const diags: Diagnostic[] = err.diagnostics;
  void [name, diags];
}
// Every result has `ok`.
const oks: boolean[] = [rendered.ok, profile.ok, profile.packs[0]?.ok ?? true, image.ok, packer.ok];
void [text, packText, imageKind, normalized, region, values, hcl, schema, oks];

import { setValues, type Edited } from 'byoos';
const edited: Edited = setValues('pack:\n  osImageOverride: x\n', { 'pack/osImageOverride': 'ami-0123456789abcdef0' }, { pack: 'generic-byoi' });
const editedText: string = edited.text;
const editedOk: boolean = edited.ok;
const created: Edited = setValues('pack:\n  osImageOverride: x\n', { 'pack/note': 'kept' }, { create: true });
// @ts-expect-error values are strings
setValues('a: b\n', { a: 1 });
void [editedText, editedOk, created];

import { fix, type Fixed } from 'byoos';
const fixed: Fixed = fix('pack:\n  osVersion: 22.04\n', { pack: 'generic-byoi' });
const fixedText: string = fixed.text;
const fixedCodes: string[] = fixed.fixed.map((d) => d.code);
const remaining: number = fixed.diagnostics.length;
void [fixedText, fixedCodes, remaining];
