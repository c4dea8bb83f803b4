/** Help texts for every command. */

/**
 * The --log-level entry of a command's option list, which every command takes (main.ts's parse), its text
 * starting at `column`.
 */
function logLevelHelp(column: number): string {
  const indent = ' '.repeat(column);
  return (
    `${'  --log-level LEVEL'.padEnd(column)}what is logged on stderr: fatal, error, warn, info, debug, trace or\n` +
    `${indent}silent (default: LOG_LEVEL, else warn)`
  );
}

export const MAIN_HELP = `tallycheck: check published election results for discrepancies

Usage:
  tallycheck audit DATASET [options]     run a rule pack over a dataset and write reports
  tallycheck data validate FILE...       check dataset files, and their tables' mappings and headers
  tallycheck data new TABLE [options]    write a dataset for a precinct table and its mapping
  tallycheck rules list [DIR...]         list the rules of a pack (or of several)
  tallycheck rules validate [DIR...]     check rule files (facts, operators, parameters)
  tallycheck rules facts [--scope KIND]  list the facts a rule may name, with their parameters
  tallycheck map suggest TABLE           draft a mapping for a precinct table (CSV or NDJSON)
  tallycheck synth --out FILE.csv        write a seeded synthetic precinct table (clean or with patterns)
  tallycheck explain RULE-ID [options]   what a rule checks, in plain words; --dataset shows each subject
  tallycheck diff OLD NEW [options]      what changed between two datasets, with the time rules' verdicts
  tallycheck help COMMAND                help on a command

Options:
  -h, --help        show help
  -v, --version     show the version
  --verbose         with any command: print the stack trace of an internal error (exit 2)

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, input or internal error.
Every command takes --log-level LEVEL (or LOG_LEVEL): logs go to stderr, at fatal, error, warn, info, debug,
trace or silent (default warn).`;

export const AUDIT_HELP = `Usage: tallycheck audit DATASET [options]

Runs every rule of the pack once per subject (the dataset, each release, each candidate in a release,
each poll against the authority ...), prints a summary, and writes the reports.

Options:
  --rules DIR          rule pack directory, or one rule file; repeat to combine packs (default: the
                       bundled rules/, all four packs)
  --allow-read DIR     let the dataset name files (source texts, tables, mappings) under DIR too, not only
                       under its own folder; repeatable, or TALLYCHECK_ALLOW_READ=DIR[:DIR...]
  --format LIST        report formats, comma-separated: json, md, html, junit, sarif, github
                       (default: json,md)
  --out DIR            directory for the reports (default: reports); files are
                       DIR/<dataset-name>.report.<extension>, written atomically
  --fail-on LEVEL      error | warning | info | never (default: error): exit 1 when a check at or above
                       this severity fails or cannot be evaluated; JUnit counts only these as failures
                       and errors
  --timestamp          record the time of the run in the reports (off: reports are byte-identical per input)
${logLevelHelp(23)}
  --baseline FILE      accepted findings (JSON, see schemas/baseline.schema.json): a finding an unexpired
                       entry matches (same rule, subject and evidence values) is marked in the reports and
                       does not fail the gate; stale and expired entries are reported, and entries whose
                       rule this run did not load (another pack) are reported as not checked
  --update-baseline    write FILE with an entry for every finding at or above --fail-on, keeping the
                       justification, author and expiry of entries that still match and dropping stale
                       ones; entries of rules not loaded are kept as they are; new entries say
                       "TODO: justify". The gate and the exit code are judged against the file written:
                       an expired entry is kept, not renewed, so its finding still counts (exit 1 at or
                       above --fail-on)
  --accepted-by NAME   author of new entries (default: the USER variable)
  -q, --quiet          print only the gate line on stdout
  -h, --help           show this help

Examples:
  tallycheck audit data/azerbaijan-2024-presidential.json --allow-read ../shared --format json,md --out reports
  tallycheck audit data/feed.json --fail-on warning \\
    --baseline tallycheck.baseline.json --update-baseline --accepted-by "A. Reviewer"
  tallycheck audit data/feed.json --fail-on warning --baseline tallycheck.baseline.json`;

export const DATA_HELP = `Usage:
  tallycheck data validate FILE... [--allow-read DIR]... [--log-level LEVEL]
  tallycheck data new TABLE --mapping FILE.json --out FILE.json --country C --office O --date YYYY-MM-DD
                      --publisher P [--kind K] [--url URL] [--id ID] [--title T] [--force]
                      [--log-level LEVEL]

validate  checks each dataset file: JSON syntax (line and column), the schema (JSON pointer, found and
          expected), references between its parts (candidates, sources, releases) and that each figure's
          printed form states its value under one reading ("92.05", "49,1", "412.345" for 412345, "two
          percent"); where a source names its text file, that each paragraph cited exists and prints the
          figure cited there (the sentence reports quote); and each precinct table the dataset names: its
          mapping, and the start of the table (UTF-8 text, the mapped columns in its header, the delimiter), as
          the audit would read it. Exit 0 when all are valid, 2 otherwise.
new       writes a dataset that names the precinct table TABLE and its mapping (draft one with "tallycheck map
          suggest TABLE"), with the mapping's candidates (their "name", else their column) and one source, the
          table's publisher. The election and the publisher come from the options; nothing is guessed.
          --kind defaults to "regular"; --id to the output file's name in kebab-case. Paths are written
          relative to the dataset. The mapping and the start of the table are checked first, as validate does,
          and nothing is written unless they pass; an existing file is replaced only with --force. Add the
          releases whose totals the units should add up to by hand ("release" in the precincts entry).

A dataset may name files only under its own folder, and never through a hidden folder (.git): a dataset from
elsewhere cannot have a report quote another file on the machine. --allow-read DIR (repeatable, or
TALLYCHECK_ALLOW_READ=DIR[:DIR...]) allows a folder of files you trust; data new says when the audit needs it.

Options:
${logLevelHelp(21)}`;

export const RULES_HELP = `Usage:
  tallycheck rules list [DIR...] [--rules DIR]... [--json] [--log-level LEVEL]
  tallycheck rules validate [DIR...] [--rules DIR]... [--log-level LEVEL]
  tallycheck rules facts [--scope KIND] [--json] [--log-level LEVEL]

list      the rules of a pack: id, severity, scope and title (--json for machine-readable output)
validate  checks every rule file: the schema, known facts and operators (with the closest known name),
          fact parameters, message placeholders, and that no rule id is used twice; against the kind of
          value each fact gives, that a path leads into it, that the operator takes it, and that the
          compared constant is of the kind the operator needs ("value": "1" for a number is refused)
DIR is a pack directory (searched recursively, links followed) or one rule file, given as an argument or as
--rules DIR; several combine into one pack, as for audit. Without any, the bundled rules/.
facts     every fact a rule may name: what it measures, the scopes it measures on, the kind of value it
          gives (a number, text, { value, plusMinus } ...), and its parameters with their defaults (--scope KIND for one scope's, --json for machine-readable output)

Options:
${logLevelHelp(21)}`;

export const EXPLAIN_HELP = `Usage: tallycheck explain RULE-ID [--rules DIR]... [--dataset FILE] [--allow-read DIR]...
                                 [--log-level LEVEL]

Prints what a rule checks: title, severity, scope, rationale, references, the conditions that make a
finding in plain words (with each fact's description and parameters), and the message template.

Options:
  --rules DIR        rule pack directory, repeatable (default: the bundled rules/)
  --dataset FILE     also run the rule on this dataset and show every subject: its fact values, each
                     condition's result under its all of / any of / not (each group with its own result),
                     and why it passed, failed, was not evaluated or was skipped
  --allow-read DIR   let the dataset name files under DIR too (see tallycheck help audit)
${logLevelHelp(21)}
  -h, --help         show this help

Exit 0; 2 for an unknown rule (the closest known ids are suggested) or invalid input.`;

export const DIFF_HELP = `Usage:
  tallycheck diff OLD NEW [options]
  tallycheck diff DATASET --release OLD-ID --release NEW-ID [options]

Compares two dataset files, or two releases of one file, and reports every figure added, removed or
changed (old and new printed values with their JSON pointers, per release, estimate and candidate;
each change ± its rounding, from the figures' printed precision). Then runs the time rules (rules/time)
on the releases of both files together (a release both give with different figures is kept twice, the
old version as "<id>-previous") or on the two releases compared, and reports their findings with places
mapped back to each file, and how many checks passed, failed, were not evaluated or were skipped.

Options:
  --release ID         a release of the one dataset, given twice: the old one, then the new one
  --rules DIR          rule pack for the verdicts, repeatable (default: the bundled rules/time)
  --allow-read DIR     let the datasets name files under DIR too (see tallycheck help audit)
  --format LIST        json, md, comma-separated (default: json,md)
  --out DIR            directory for the outputs (default: reports); files are
                       DIR/<old>--<new>.diff.<format>, or DIR/<dataset>.<old-id>--<new-id>.diff.<format>
  --fail-on LEVEL      error | warning | info | never (default: error): exit 1 when a verdict at or
                       above this severity fails or cannot be evaluated
  --timestamp          record the time of the run in the JSON
${logLevelHelp(23)}
  -q, --quiet          print only the gate line on stdout
  -h, --help           show this help

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, input or internal error.

Example:
  tallycheck diff feed/release-54.json feed/release-93.json --format md --out reports`;

export const MAP_HELP = `Usage: tallycheck map suggest TABLE [--out FILE.json] [--rows N] [--log-level LEVEL]

Reads the header and the first N rows (default 1000) of a precinct table (CSV with its delimiter sniffed, or
NDJSON) and drafts a mapping: the unit id, the levels above it (region, district ...), registered voters,
ballots issued and cast, valid and invalid ballots, and a candidate for each remaining count column. Notes on
what was guessed go to stderr. Review the draft, then name it in a dataset's "precincts" entry:

  "precincts": [{ "id": "t", "table": "results.csv", "mapping": "results.mapping.json", "release": "final" }]

or have "tallycheck data new results.csv --mapping results.mapping.json --out results.json ..." write a
dataset for the table (tallycheck help data).

Options:
${logLevelHelp(21)}`;

export const SYNTH_HELP = `Usage: tallycheck synth --out FILE [--mapping FILE.json] [options]

Writes a seeded synthetic precinct table (the same seed gives the same text), clean or with planted patterns:

  --out FILE            the table, in the format its name ends with: .csv, .ndjson (one JSON object a line),
                        or either with .gz (gzip-compressed); the audit reads all four
  --rows N              units (default 10000)
  --seed N              seed (default 1)
  --candidates N        candidates (default 7)
  --regions N           top-level regions (default 10)
  --stuffing X          share of units with ballot stuffing for the leader (turnout and share pushed up)
  --rounding X          share of units whose turnout or leader share is made an integer percentage
  --invented-digits X   share of units whose counts get human-chosen last digits
  --slips N             units whose votes do not add up
  --mapping FILE.json   also write the table's mapping (csv or ndjson, as the table)
${logLevelHelp(24)}`;
