import { describe, expect, it } from 'vitest'
import { cellBoolean, cellDateMs, cellNumber } from './cells.ts'
import { detectDelimiter, parseCsvSheet, sheetNameOfFile } from './csv.ts'
import { Headers, normalizeHeader } from './headers.ts'
import { VmIndex } from './joins.ts'
import { defaultLimits } from './limits.ts'

describe('cell values', () => {
  it('reads numbers with thousands separators and decimal commas', () => {
    expect(cellNumber('16,384')).toBe(16384)
    expect(cellNumber('16.384')).toBe(16384)
    expect(cellNumber('1,048,576')).toBe(1048576)
    expect(cellNumber('1.048.576,5')).toBe(1048576.5)
    expect(cellNumber('1,048,576.25')).toBe(1048576.25)
    expect(cellNumber('1,5')).toBe(1.5)
    expect(cellNumber(' 2 048 ')).toBe(2048)
    expect(cellNumber(4096)).toBe(4096)
    for (const bad of ['', 'n/a', '1,2,3', '1.2.3', 'Infinity', '1e400', '--1', '12,34,567']) expect(cellNumber(bad), bad).toBeUndefined()
    expect(cellNumber(Number.NaN)).toBeUndefined()
  })
  it('reads booleans', () => {
    expect(cellBoolean('True')).toBe(true)
    expect(cellBoolean('FALSE')).toBe(false)
    expect(cellBoolean(true)).toBe(true)
    expect(cellBoolean('maybe')).toBeUndefined()
  })
  it('reads Excel serial dates and yyyy/mm/dd hh:mm:ss', () => {
    // 45714 days after 1899-12-30 is 2025-02-26; 0.5372106481 d = 46,415 s = 12:53:35.
    expect(cellDateMs(45714.5372106481)).toBe(Date.UTC(2025, 1, 26, 12, 53, 35))
    expect(cellDateMs('45714.5372106481')).toBe(Date.UTC(2025, 1, 26, 12, 53, 35))
    expect(cellDateMs('2026/11/30 14:05:09')).toBe(Date.UTC(2026, 10, 30, 14, 5, 9))
    expect(cellDateMs('2026-11-30 14:05')).toBe(Date.UTC(2026, 10, 30, 14, 5, 0))
    expect(cellDateMs(new Date(Date.UTC(2026, 0, 2)))).toBe(Date.UTC(2026, 0, 2))
    for (const bad of ['2026/02/31 00:00:00', '2026/13/01', '12', 'yesterday', '']) expect(cellDateMs(bad), bad).toBeUndefined()
  })
})

describe('headers', () => {
  it('fold case, spacing and MB into MiB', () => {
    expect(normalizeHeader('In use  MB')).toBe(normalizeHeader('In Use MiB'))
    expect(normalizeHeader('Size MB (total)')).toBe('size mib (total)')
    const h = new Headers(['VM', 'In use MB', 'Capacity MiB'])
    expect(h.find('In Use MiB')).toBe(1)
    expect(h.find('Capacity MB')).toBe(2)
    expect(h.find('Path')).toBeUndefined()
  })
  it('take the columns between Annotation and the next fixed column as custom attributes', () => {
    const h = new Headers(['VM', 'Annotation', 'owner', 'mmtest-tags', 'Datacenter', 'Cluster', 'extra'])
    expect(h.attributes).toEqual([[2, 'owner'], [3, 'mmtest-tags']])
  })
})

describe('csv', () => {
  it('detects the delimiter outside quotes', () => {
    expect(detectDelimiter('VM;"Size, total";Path\n')).toBe(';')
    expect(detectDelimiter('VM,"a;b;c",Path\n')).toBe(',')
  })
  it('keeps the first line of multi-line records and reads quoted thousands', () => {
    const s = parseCsvSheet('VM;In Use MB;Annotation\r\nvm1;"16.384";"two\nlines"\r\n\r\nvm2;1.024;x\r\n', 'vInfo', 'vInfo.csv', defaultLimits)
    expect(s.header).toEqual(['VM', 'In Use MB', 'Annotation'])
    expect(s.rows.map((r) => r.row)).toEqual([2, 5])
    expect(s.rows[0]!.cells).toEqual(['vm1', '16.384', 'two\nlines'])
    expect(cellNumber(s.rows[1]!.cells[1]!)).toBe(1024)
  })
  it('names tabs from file names', () => {
    expect(sheetNameOfFile('RVTools_tabvInfo.csv')).toBe('vInfo')
    expect(sheetNameOfFile('vDisk.csv')).toBe('vDisk')
    expect(sheetNameOfFile('notes.txt')).toBeUndefined()
  })
  it('refuses more rows than the limit', () => {
    expect(() => parseCsvSheet('VM\na\nb\nc\n', 'vInfo', 'x.csv', { ...defaultLimits, maxRows: 2 })).toThrow(/more than 2 rows/)
  })
})

describe('joins', () => {
  const vms = [
    { name: 'a', id: 'vm-1', uuid: 'u1', server: 'vc1' },
    { name: 'b', id: 'vm-2', uuid: 'u2', server: 'vc1' },
    { name: 'c', id: 'vm-2', uuid: 'u3', server: 'vc2' },
  ]
  const ix = new VmIndex(vms)
  it('join on VM ID, then VM UUID, then VM + VI SDK Server', () => {
    expect(ix.find({ name: 'zzz', id: 'vm-1', uuid: '', server: '' })).toEqual({ vm: vms[0], by: 'id' })
    // vm-2 is in two vCenters: the ID is ambiguous, the UUID decides.
    expect(ix.find({ name: 'b', id: 'vm-2', uuid: 'u3', server: 'vc1' })).toEqual({ vm: vms[2], by: 'uuid' })
    expect(ix.find({ name: 'b', id: 'vm-2', uuid: '', server: 'vc1' })).toEqual({ vm: vms[1], by: 'name' })
    expect(ix.find({ name: 'b', id: '', uuid: '', server: 'vc2' })).toBeUndefined()
  })
})
