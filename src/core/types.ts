// The data model of src/core: what a parsed challenge is, where each piece came from, and what is
// wrong with it. Plain data only, so records can be stored, sent over ports and compared.

/**
 * Where a piece of a field value came from: the index of the field line it was read from and the
 * UTF-16 offsets [start, end) in that line. A challenge can continue on later field lines (RFC 9110
 * §5.3 joins lines with ", "), so the end may lie on a later line than the start.
 */
export interface Span {
  line: number;
  start: number;
  endLine: number;
  end: number;
}

/** auth-param = token BWS "=" BWS ( token / quoted-string ) — RFC 9110 §11.2. */
export interface AuthParam {
  /** As written: parameter names are case-insensitive but are reported in their original case. */
  name: string;
  /** Unquoted and unescaped; obs-text is returned as received, undecoded (§5.5). */
  value: string;
  /** Whether the value was sent as a quoted-string (some parameters, such as realm, must be). */
  quoted: boolean;
  /** The field line the parameter was read from (a parameter never spans two lines). */
  line: number;
  /** Offset in `line` of the first character of the name. */
  start: number;
  /** Offset in `line` where the value starts: its opening quote when quoted. */
  valueStart: number;
  /** Offset in `line` just after the value (its closing quote included). */
  end: number;
}

/** challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ] — RFC 9110 §11.3. */
export interface Challenge {
  /** As written: schemes are case-insensitive but are reported in their original case. */
  scheme: string;
  /** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" — verbatim. */
  token68: string | null;
  /** In the order received; duplicates are kept (and diagnosed). */
  params: AuthParam[];
  /** Where the challenge starts: its scheme, at offset `start` of field line `line`. */
  line: number;
  start: number;
  /**
   * Where it ends, after its token68 or last parameter: offset `end` of field line `endLine`, a
   * later line when parameters continue there (§5.3 joins field lines with ", ").
   */
  endLine: number;
  end: number;
  /** Offset in `line` where the token68 starts, or null; token68SpanOf builds its span. */
  token68Start: number | null;
}

export type Severity = 'error' | 'warning' | 'info';

/** A pointer into the specification that grounds a diagnostic or an explanation. */
export interface Reference {
  /** "RFC 9110", "RFC 7616", "IANA", … */
  document: string;
  /** "11.6.1", "3.3", … ; empty when the whole document is meant. */
  section: string;
  url: string;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case identifier; fixtures, filters and rule files refer to it. */
  code: string;
  message: string;
  /** Field line and character offset where the problem starts (0 when it concerns the whole field). */
  line: number;
  offset: number;
  /** The exact text concerned, when there is one. */
  span: Span | null;
  reference: Reference;
  /** Index in `challenges` of the challenge concerned, when there is one. */
  challenge?: number;
  /**
   * How many findings of this kind the diagnostic stands for, when it sums up several (a challenge
   * with 20,000 unknown parameters gives one diagnostic with count 20000); `span` is the first's.
   */
  count?: number;
}

export interface ChallengeParse {
  challenges: Challenge[];
  diagnostics: Diagnostic[];
}

export interface AuthParamParse {
  params: AuthParam[];
  diagnostics: Diagnostic[];
}
