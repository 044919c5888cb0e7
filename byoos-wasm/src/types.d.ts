/** `edge-native-byoi` or `generic-byoi`. */
export type PackKind = "edge-native-byoi" | "generic-byoi";

/** The infrastructure provider an image reference is meant for. */
export type Provider = "aws" | "azure" | "vsphere" | "gcp" | "openstack" | "maas" | "edge";

/** Values for macros; keys are Palette's (dotted keys such as `cluster.name` allowed). */
export interface Context {
  /** `.spectro.system.*`: nested objects or dotted keys. */
  system?: Record<string, unknown>;
  /** `.spectro.pack.<name>.*`: other packs' values (YAML text or an object). */
  packs?: Record<string, unknown>;
  /** `.spectro.var.*`: Palette's variable definitions and their values. */
  variables?: { definitions?: Record<string, unknown>[]; values?: Record<string, unknown> };
  /** `.spectro.macro.*`: project beats tenant beats system. */
  macros?: { project?: Record<string, unknown>; tenant?: Record<string, unknown>; system?: Record<string, unknown> };
}

/** Options shared by the operations; all optional. */
/** The settings of `byoos.toml` as an object. */
export interface ConfigSettings {
  select?: string[];
  'extend-select'?: string[];
  ignore?: string[];
  'extend-ignore'?: string[];
  severity?: Record<string, "error" | "warning" | "info">;
  provider?: Provider;
  region?: string;
  pack?: PackKind;
  exclude?: string[];
  overrides?: Array<Omit<ConfigSettings, 'overrides' | 'exclude'> & { files: string[] }>;
}

export interface Options {
  /** The pack kind; detected from the document when omitted. */
  pack?: PackKind | null;
  /** The provider `osImageOverride` names; inferred from the reference when unambiguous. */
  provider?: Provider | null;
  /** The cluster's AWS region (AMI ARNs must be in it). */
  region?: string | null;
  /** With a context, `validate` also renders the values and checks the result. */
  context?: Context | null;
  /**
   * A missing reference is an error instead of Palette's empty string and a warning, and
   * any error makes `render` / `renderProfile` throw a `ByoosError` (no half-rendered text).
   */
  strict?: boolean | null;
  /**
   * `setValues`: add keys the pack's shape does not know, on purpose. Without it such a
   * path (usually a typo, `pack/osVerison`) throws a `ByoosError` (`yaml/edit-unknown-key`).
   */
  create?: boolean | null;
  /** The name this document has, for self references (default: its kind). */
  packName?: string | null;
  /** File name used in messages (a name ending in `.tf` says Terraform). */
  fileName?: string | null;
  /** What the text is; told from the text when omitted. */
  input?: InputKind | null;
  /**
   * Texts of the files a Terraform input names in `file("…")` / `templatefile("…", …)`,
   * by the path as written relative to the `.tf` file (byoos reads no file itself).
   */
  files?: Record<string, string> | null;
  /**
   * `validate`: settings as in `byoos.toml`, keys as written there (`select`, `ignore`,
   * `extend-ignore`, `severity`, `provider`, `region`, `pack`, `overrides: [{files, …}]`
   * matched against `fileName`). A key or value byoos does not know makes the report one
   * `config/…` error per problem, and nothing else.
   */
  config?: ConfigSettings | null;
  /** Resource budgets; a missing one keeps its default. */
  limits?: {
    maxInputBytes?: number;
    maxDepth?: number;
    maxNodes?: number;
    maxAliasExpansion?: number;
    /** Longest chain of macro references resolved through other values. */
    maxReferenceDepth?: number;
    /** Most macro and function evaluations in one render. */
    maxExpansions?: number;
    /** Largest rendered output, in bytes. */
    maxOutputBytes?: number;
    /** Largest single rendered value, in bytes. */
    maxValueBytes?: number;
    /** Most diagnostics in one report; past it one `limit/diagnostics` note. */
    maxDiagnostics?: number;
    /** Most bytes of messages, hints and paths in one report. */
    maxReportBytes?: number;
    /** Most work in one operation (bytes handled by macros and functions, regex matching); past it `limit/work`. */
    maxWork?: number;
  } | null;
}

/** A finding about the input. `start`/`end` are UTF-16 offsets into the source. */
export interface Diagnostic {
  /** Stable slug `area/name`, e.g. `yaml/smart-quotes`. */
  code: string;
  severity: "error" | "warning" | "info";
  /** Short, one line. */
  message: string;
  /** YAML path: keys (strings) and sequence indexes (numbers); `[]` for the document. */
  path: (string | number)[];
  /** 1-based; columns count characters. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `source.slice(start, end)` is the offending text. */
  start: number;
  end: number;
  /** One-line fix hint, when there is one. */
  help?: string;
  /** Suppressed by an inline `# byoos: ignore[…]` comment: kept, not counted in `ok` (absent when not). */
  suppressed?: true;
}

/** The result of `validate`: `ok` is true when no diagnostic is an error. */
export interface Report {
  /** No diagnostic (of the file or of any pack) is an error. */
  ok: boolean;
  /** The pack kind checked against; `null` when unknown, and for a profile. */
  pack: PackKind | null;
  /** Findings about the file itself (for values: every finding). */
  diagnostics: Diagnostic[];
  /** For a profile or Terraform only: what the input was read as. */
  input?: Exclude<InputKind, "values">;
  /** For a profile or Terraform only: each pack checked, in profile order. */
  packs?: PackReport[];
}

/** What `validate` read an input as. */
export type InputKind = "values" | "profile" | "terraform";

/** One pack of a profile as `validate` checked it. */
export interface PackReport {
  name: string;
  /** Its BYOOS kind; `null` for any other pack (YAML and macro checks only). */
  kind: PackKind | null;
  ok: boolean;
  /** The profile's name. */
  profile?: string;
  /** The Terraform resource, `spectrocloud_cluster_profile.<label>`. */
  resource?: string;
  layer?: string;
  /** The key of `options.files` the offsets point into; absent: the source. */
  file?: string;
  /** Paths inside the pack's values; offsets into the source (or `files[file]`). */
  diagnostics: Diagnostic[];
}

/**
 * Check one pack's values, a cluster profile (the simple shape, Palette's export as JSON
 * or YAML) or Terraform (`spectrocloud_cluster_profile`). Never throws for bad input:
 * every problem is a diagnostic.
 * Throws a `TypeError` when `source` is not a string or `options` is invalid.
 */
export function validate(source: string, options?: Options | null): Report;

/**
 * The error thrown when an operation cannot produce a result (e.g. `render` of text that
 * is not YAML). A real `Error` whose `name` is `"ByoosError"`; `diagnostics` say why,
 * with offsets into the input.
 */
export interface ByoosError extends Error {
  name: "ByoosError";
  diagnostics: Diagnostic[];
}

/** The result of `render`. */
export interface Rendered {
  /** No diagnostic is an error: every action was resolved. */
  ok: boolean;
  /** The rendered values (YAML text). */
  text: string;
  /** Findings about the source; with `strict`, an error throws a `ByoosError` instead. */
  diagnostics: Diagnostic[];
}

/**
 * Render one pack's values with a context, as Palette would.
 * Throws a `ByoosError` when the values cannot be rendered (with `strict`: on any error),
 * a `TypeError` for bad arguments.
 */
export function render(source: string, context?: Context | null, options?: Options | null): Rendered;

/** One rendered pack of a profile. */
/** The result of `setValues`: offsets are into the edited `text`. */
export interface Edited {
  /** No diagnostic of the edited text is an error. */
  ok: boolean;
  text: string;
  diagnostics: Diagnostic[];
}

/**
 * Change only the named scalars (paths are segments joined by `/`, e.g.
 * `"options/system.uri"`), keeping comments, order, quoting and indentation; a missing key
 * the pack knows is added where it belongs. Throws a `ByoosError` when a path cannot be set
 * or names a key the pack does not know (unless `{create: true}`).
 */
export function setValues(source: string, assignments: Record<string, string>, options?: Options | null): Edited;

export interface RenderedPack {
  /** No diagnostic of this pack is an error. */
  ok: boolean;
  name: string;
  tag?: string;
  layer?: string;
  /** The key of `options.files` the offsets point into; absent: the profile text. */
  file?: string;
  /** The pack's values as given in the profile, decoded. */
  values: string;
  /** The rendered values (YAML text). */
  text: string;
  /** Offsets are into the profile text (or `files[file]`), at the values as written there. */
  diagnostics: Diagnostic[];
}

/** The result of `renderProfile`. */
export interface RenderedProfile {
  /** No diagnostic of the profile or of any pack is an error. */
  ok: boolean;
  name?: string;
  packs: RenderedPack[];
  /** Offsets are into the profile text. */
  diagnostics: Diagnostic[];
}

/**
 * Render every pack of a profile (`{name?, packs: [{name, tag?, layer?, values}]}` as YAML or
 * JSON text, or Palette's profile export JSON). Throws a `ByoosError` when the profile
 * cannot be read, or (with `strict`) on any error, offsets then into the profile text.
 */
export function renderProfile(profile: string, context?: Context | null, options?: Options | null): RenderedProfile;

/** The forms of image reference `checkImage` recognises. */
export type ImageKind =
  | "ami" | "ami-arn" | "ami-name" | "imagebuilder-arn" | "ssm-parameter" | "vhd-url"
  | "gallery-image" | "managed-image" | "marketplace-urn" | "vsphere-template" | "oci"
  | "gcp-image" | "gcp-family" | "openstack-id" | "openstack-name" | "maas-image"
  | "templated" | "na" | "unknown";

/** Options of `checkImage`. */
export interface ImageOptions {
  /** The cluster's AWS region. */
  region?: string | null;
}

/** The result of `checkImage`. Offsets are into `reference`. */
export interface ImageReport {
  ok: boolean;
  provider: Provider;
  kind: ImageKind;
  /** The canonical form, secrets redacted. */
  normalized: string | null;
  /** The pieces: `region`, `account`, `registry`, `repository`, `tag`, `digest`, … */
  parts: Record<string, string>;
  diagnostics: Diagnostic[];
}

/** Check one image reference for a provider. Never throws for a bad reference. */
export function checkImage(provider: Provider, reference: string, options?: ImageOptions | null): ImageReport;

/** Options of `fromPackerManifest`. */
export interface PackerOptions {
  /** The AWS region of the cluster: picks that region's AMI. */
  region?: string | null;
  /** `last` (default) or a `packer_run_uuid`. */
  run?: string | null;
  /** The build of the run, by `name`, when it has several. */
  build?: string | null;
  /** `osName` to write (default: from the build's `custom_data`). */
  osName?: string | null;
  /** `osVersion` to write (default: from the build's `custom_data`). */
  osVersion?: string | null;
  /** vSphere: the inventory folder of the template. */
  folder?: string | null;
}

/** The result of `fromPackerManifest`. Offsets are into the manifest. */
export interface PackerResult {
  ok: boolean;
  /** `generic-byoi` values text, or `null` when none could be made. */
  text: string | null;
  diagnostics: Diagnostic[];
}

/** `generic-byoi` values from a Packer manifest (`packer-manifest.json` text). Never throws for a bad manifest. */
export function fromPackerManifest(manifest: string, options?: PackerOptions | null): PackerResult;

/** What a change does to the nodes, weakest first. */
export type Impact = 'no-op' | 'reload' | 'service-restart' | 'reboot' | 'repave';

/** One changed value. `old`/`new` are the values as YAML reads them (absent: `null` side missing; secrets `"***"`). */
export interface Change {
  path: (string | number)[];
  old?: unknown;
  new?: unknown;
  impact: Impact;
  /** The rule of Palette's upgrade table that gives the impact. */
  reason: string;
}

/** The result of `diff`. */
export interface Diff {
  /** Both sides could be read and rendered. */
  ok: boolean;
  pack: PackKind | null;
  /** The strongest impact (`no-op` without changes). */
  impact: Impact;
  changes: Change[];
  /** Findings about the old side (offsets into it). */
  oldDiagnostics: Diagnostic[];
  /** Findings about the new side (offsets into it). */
  newDiagnostics: Diagnostic[];
}

/** Compare two versions of a pack's values: every change with Palette's upgrade behaviour for its key. Both sides are rendered with `context`. Never throws for bad input. */
export function diff(old: string, new_: string, context?: Context | null, options?: Options | null): Diff;

/** Options of `fromImageConfig`. */
export interface ImageConfigOptions {
  /** The vSphere template's name, when it is not the OVA's (`<os_version>-kube-v<k8s_version>`). */
  template?: string | null;
  /** The file names of the build's output folder (`output/<image_name>/`): its OVA names the template. */
  outputFiles?: string[] | null;
}

/** The result of `fromImageConfig`: the shape of `PackerResult`, offsets into the `imageconfig`. */
export type ImageConfigResult = PackerResult;

/** `generic-byoi` values from CAPI Image Builder's `imageconfig` (`key=value` lines). Never throws for a bad file; the values of its secrets are never shown. */
export function fromImageConfig(text: string, options?: ImageConfigOptions | null): ImageConfigResult;

/** Options of `toTerraform`. */
export interface TerraformOptions {
  pack?: PackKind | null;
  /** Pack version for `spectrocloud_pack_simple`, required: matched exactly (`1.0.0`, `2.1.0`; no `.x`). */
  version: string;
  /** Registry name (default `Public Repo`). */
  registry?: string | null;
  limits?: Options["limits"];
}

/**
 * Terraform HCL (spectrocloud provider) carrying the values. Throws a `ByoosError` when the
 * text is not YAML or the pack kind cannot be told.
 */
export function toTerraform(source: string, options: TerraformOptions): string;

/** The JSON Schema (text) of a pack kind's values. Throws a `TypeError` for an unknown kind. */
export function jsonSchema(kind: PackKind): string;

/** The version of the library. */
export function version(): string;

/** The result of `fix`. */
export interface Fixed {
  /** No diagnostic of the fixed text is an error. */
  ok: boolean;
  /** The source with every mechanical fix applied, everything else kept. */
  text: string;
  /** The findings fixed: offsets into the source. */
  fixed: Diagnostic[];
  /** What `validate` reports about the fixed text: offsets into `text`. */
  diagnostics: Diagnostic[];
}

/**
 * Apply every mechanical fix (curly quotes, an unquoted version, a scheme in a registry, …;
 * the fixable codes of docs/diagnostics.md) and validate again. Fixing twice is fixing once.
 * Throws a `ByoosError` when a fix would add an error.
 */
export function fix(source: string, options?: Options | null): Fixed;
