/** A link an input may give (a rule's reference, a dataset's source): http or https only. */
import { z } from 'zod';

/**
 * A web page: http or https only. Reports and `explain` print such links for the reader to follow (SARIF's
 * help.markdown as a [title](url) link), so a `javascript:` or `data:` URL in a shared rule pack or dataset would
 * run or show whatever it holds. The pattern repeats the check for editors (JSON Schema's "uri" format takes any
 * scheme).
 */
export const WebUrlSchema = z
  .url({ protocol: /^https?$/, error: 'an http or https URL' })
  .meta({ description: 'A web page: an http or https URL.', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' });
