// `--lang de|en`: one of @snapsim/explain's languages. In a file of its own, imported by
// program.ts only when --lang is given: importing @snapsim/explain brings its message
// catalogue and intl-messageformat into the command's start-up.

import { isLang, type Lang } from '@snapsim/explain'
import { BadInput } from './io.ts'

/** A --lang value. */
export function parseLang(text: string): Lang {
  if (!isLang(text)) throw new BadInput(`--lang \`${text}\`: expected de or en`)
  return text
}
