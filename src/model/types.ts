// The plan model: what every feature of Plan Author reads. Pure data, no `vscode` import.
// Positions are 0-based line and 0-based character (UTF-16 code units), as in VS Code and LSP;
// the CLI adds 1 to both when it prints them.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type PresetId = 'codev' | 'codev-legacy' | 'codev-pir' | 'generic';

export interface Heading {
  level: number;
  /** Plain text of the heading (markdown removed). */
  text: string;
  /** The heading line(s). */
  range: Range;
  /** From the heading to the line before the next heading of the same or a higher level. */
  sectionRange: Range;
}

export interface Section {
  title: string;
  level: number;
  /** The heading line. */
  heading: Range;
  /** Everything after the heading line up to the next heading of the same or a higher level. */
  body: Range;
  /** Heading plus body. */
  range: Range;
  /** True when the body holds nothing but blank lines and comments. */
  empty: boolean;
}

export interface MetadataField {
  key: string;
  value: string;
  range: Range;
  valueRange: Range;
}

export interface Checkbox {
  checked: boolean;
  text: string;
  range: Range;
}

export interface PhaseRef {
  /** The phase id as resolved, e.g. `2a`. */
  id: string;
  /** Where the reference (or the range / "all previous" phrase that produced it) stands. */
  range: Range;
  /** How the id was written. */
  via: 'single' | 'range' | 'all-previous';
}

export interface Dependencies {
  /** The text after the key, as written (may span lines). */
  raw: string;
  /** The whole `**Dependencies**: …` declaration. */
  range: Range;
  /** The value after the key. */
  valueRange: Range;
  /** `None`, `None.`, `None (…)`. */
  none: boolean;
  /** `All previous phases`. */
  allPrevious: boolean;
  /** The phase references read, in order, each id once. */
  refs: PhaseRef[];
  /** The resolved phase ids (`refs` ids), in order. */
  dependsOn: string[];
  /** Text that is neither a reference, `None`, nor prose after references: kept raw, reported by checks. */
  unread: { text: string; range: Range }[];
}

/** A subsection of a phase (`#### Objectives`, or a bold label read as one): the same shape as a section. */
export type Subsection = Section;

export interface Phase {
  /** The id as written: `1`, `2a`, `0`. */
  id: string;
  title: string;
  level: number;
  /** The heading line. */
  heading: Range;
  /** False when the heading goes on with words after its id (`### Phase 2 Hardening`), without `:`, `—`, `-` or `.`. */
  separator: boolean;
  /** Where the id stands in the heading (`2a` of `### Phase 2a: …`). */
  idRange: Range;
  /** Heading and body, up to the next heading of the same or a higher level. */
  range: Range;
  subsections: Subsection[];
  /** Bold labels opening a line of the phase (`**Objective**: …`, `- **Files:**`), which some plans use as subsections. */
  labels: { title: string; range: Range }[];
  checkboxes: Checkbox[];
  dependencies?: Dependencies;
  /** Position in the list of phases, 0-based. */
  index: number;
}

export interface Step {
  /** `1`, `2` (from `### Step 1: …` or a PIR `### 1. …`). */
  id: string;
  title: string;
  level: number;
  heading: Range;
  range: Range;
}

export interface TableCell {
  text: string;
  range: Range;
}

export interface TableRow {
  cells: TableCell[];
  range: Range;
}

export interface Table {
  kind: 'risk' | 'change-log' | 'other';
  /** Title of the closest heading above the table. */
  heading?: string;
  header: TableCell[];
  rows: TableRow[];
  range: Range;
}

export interface RiskRow {
  risk: TableCell;
  probability?: TableCell;
  impact?: TableCell;
  range: Range;
}

export interface ChangeLogRow {
  date?: TableCell;
  cells: TableCell[];
  range: Range;
}

export interface MapNode {
  /** Phase ids named by the label (`Phase 2b + 3 + 4` names three). */
  ids: string[];
  text: string;
  range: Range;
}

export interface MapEdge {
  from: string;
  to: string;
  range: Range;
  /**
   * The drawing gives no direction here (a line without an arrowhead, an `(all above)` note): read the way maps are
   * read, top to bottom and left to right. Such an edge shows what the map links, but is never reported alone.
   */
  assumed?: true;
  /**
   * An assumed edge of a line that branches to several labels (a tree drawn with `├──`): the labels it leads to are
   * drawn as siblings, in parallel, so the line links each of them with the one it branches from, not with each other.
   */
  branch?: true;
}

export interface DependencyMap {
  /** The `## Dependency Map` section. */
  sectionRange: Range;
  /** The fenced block (or the section body when there is no fence). */
  range: Range;
  /** The drawing, as written. */
  raw: string;
  nodes: MapNode[];
  edges: MapEdge[];
  /** Parts of the drawing that could not be read as nodes and arrows. */
  unreadable: { text: string; range: Range; nodes?: string[] }[];
  /** The section's lines outside the drawing (`Phases 2 and 3 are independent.`), one entry per non-blank line. */
  prose?: { text: string; range: Range }[];
}

export interface JsonError {
  message: string;
  range: Range;
}

export interface PhasesJsonEntry {
  /** The id as written in the JSON (`phase_2a`, `shared_types`). */
  id: string;
  /** The phase id it maps to (`2a`), when it can be told from the id or the title. */
  phaseId?: string;
  title: string;
  /** The whole entry (from its id to the end of its object on that line). */
  range: Range;
  /** The title's string literal, quotes included, when it could be found. */
  titleRange?: Range;
}

export interface PhasesJson {
  /** The `## Phases (Machine Readable)` section. */
  sectionRange: Range;
  /** The fenced block holding the phases, when there is one. */
  range?: Range;
  raw?: string;
  /** True when the JSON sits under another heading than `## Phases (Machine Readable)` (a free-form plan's own block). */
  elsewhere?: boolean;
  /** True when the phases block is the first fenced block of the section. */
  isFirstBlock: boolean;
  /** The first fenced block of the section, when it is not the phases block. */
  firstBlockRange?: Range;
  phases?: PhasesJsonEntry[];
  error?: JsonError;
}

export interface FencedBlock {
  lang: string;
  range: Range;
  /** Range of the content lines (without fences). */
  contentRange: Range;
  value: string;
}

export interface Comment {
  text: string;
  range: Range;
}

export interface PlanModel {
  /** Where reading the plan was cut short to keep its cost bounded (nesting too deep, an expansion too large). */
  limits?: string[];
  preset: PresetId;
  presetSource: 'detected' | 'option';
  lineCount: number;
  title?: { text: string; range: Range };
  frontmatter?: { raw: string; range: Range };
  metadata: MetadataField[];
  /** Every heading outside code, in order. */
  headings: Heading[];
  /** The level-2 sections, in order. */
  sections: Section[];
  phases: Phase[];
  steps: Step[];
  tables: Table[];
  risks: RiskRow[];
  dependencyMap?: DependencyMap;
  phasesJson?: PhasesJson;
  changeLog: ChangeLogRow[];
  checkboxes: Checkbox[];
  codeBlocks: FencedBlock[];
  comments: Comment[];
}

export interface ParseOptions {
  /** Force a preset instead of detecting it. `auto` detects. */
  preset?: PresetId | 'auto';
  /** The model of an earlier version of the text; unchanged sections are reused. */
  previous?: PlanModel;
}

/** One phase of a `status.yaml` (`plan_phases`). */
export interface StatusPhase {
  id: string;
  title: string;
  status: 'pending' | 'in_progress' | 'complete' | string;
}

export interface StatusInfo {
  /** Path of the status file, for messages. */
  path: string;
  phases: StatusPhase[];
  currentPhase?: string | null;
}
