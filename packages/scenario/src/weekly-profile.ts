// Weekly write profiles: a profile per weekday, or one for weekdays (Monday to Friday) and one
// for the weekend (Saturday, Sunday); a day's own key wins over weekday/weekend. The core takes
// them as 168 multipliers by local hour of the week, Monday 00:00 first.

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

export interface WeeklyProfile {
  readonly weekday?: readonly number[]
  readonly weekend?: readonly number[]
  readonly mon?: readonly number[]
  readonly tue?: readonly number[]
  readonly wed?: readonly number[]
  readonly thu?: readonly number[]
  readonly fri?: readonly number[]
  readonly sat?: readonly number[]
  readonly sun?: readonly number[]
}

/** The seven days' multipliers (with the key each came from), or a message naming the days missing. */
export function weekDays(p: WeeklyProfile): { key: string; values: readonly number[] }[] | string {
  const out: { key: string; values: readonly number[] }[] = []
  const missing: string[] = []
  DAYS.forEach((day, i) => {
    const group = i < 5 ? 'weekday' : 'weekend'
    const own = p[day]
    const values = own ?? p[group]
    if (values) out.push({ key: own ? day : group, values })
    else missing.push(day)
  })
  return missing.length > 0 ? `a weekly profile needs every day: ${missing.join(', ')} missing (give them, or \`weekday\` / \`weekend\`)` : out
}
