// Which platform rule the stop sentence quotes: platform profile name -> `rule` message branch.
// Data, not behaviour: the engine's profiles (packages/core/src/platform.ts) carry the figures,
// the catalogue carries the platform's own words (sources: docs/sources.md).

const RULES: ReadonlyMap<string, string> = new Map([
  ['vmware-vmfs6', 'vmware'],
  ['hyperv-2016', 'hyperv2016'],
  ['hyperv-2012r2', 'hyperv2012'],
  ['qemu-kvm', 'qemu'],
  ['lvm-thin', 'lvm'],
])

export function ruleOf(platform: string): string {
  return RULES.get(platform) ?? 'other'
}
