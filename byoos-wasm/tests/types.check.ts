// Compile-only check (`tsc -p tests/tsconfig.json`): the hand-written declarations
// accept what the docs show and reject what they should.
import { validate, version, type Context, type Diagnostic, type Report, type PackKind } from 'byoos';

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
void [again, kind, v];
