/** Help texts for every command. */

export const MAIN_HELP = `tallycheck: check published election results for discrepancies

Usage:
  tallycheck audit DATASET [options]     run a rule pack over a dataset and write reports
  tallycheck data validate FILE...       check dataset files against the schema
  tallycheck rules list [--rules DIR]    list the rules of a pack
  tallycheck rules validate [DIR]        check rule files (facts, operators, parameters)
  tallycheck help COMMAND                help on a command

Options:
  -h, --help        show help
  -v, --version     show the version

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, input or internal error.
Logs go to stderr (--log-level or LOG_LEVEL: fatal, error, warn, info, debug, trace, silent; default warn).`;

export const AUDIT_HELP = `Usage: tallycheck audit DATASET [options]

Runs every rule of the pack once per subject (the dataset, each release, each candidate in a release,
each poll against the authority ...), prints a summary, and writes the reports.

Options:
  --rules DIR          rule pack directory (default: the bundled rules/)
  --format LIST        report formats, comma-separated: json, md (default: json,md)
  --out DIR            directory for the reports (default: reports); files are
                       DIR/<dataset-name>.report.<format>, written atomically
  --fail-on LEVEL      error | warning | info | never (default: error): exit 1 when a check at or above
                       this severity fails or cannot be evaluated
  --timestamp          record the time of the run in the reports (off: reports are byte-identical per input)
  --log-level LEVEL    log level on stderr (default: LOG_LEVEL or warn)
  -q, --quiet          print only the gate line on stdout
  -h, --help           show this help

Example:
  tallycheck audit data/azerbaijan-2024-presidential.json --format json,md --out reports`;

export const DATA_HELP = `Usage: tallycheck data validate FILE...

Checks each dataset file: JSON syntax (line and column), the schema (JSON pointer, found and expected),
references between its parts (candidates, sources, releases) and that each figure's value matches its
printed form. Exit 0 when all are valid, 2 otherwise.`;

export const RULES_HELP = `Usage:
  tallycheck rules list [--rules DIR] [--json]
  tallycheck rules validate [DIR]

list      the rules of a pack: id, severity, scope and title (--json for machine-readable output)
validate  checks every rule file: the schema, known facts and operators (with the closest known name),
          fact parameters, message placeholders. DIR defaults to the bundled rules/.`;
