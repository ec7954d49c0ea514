// The one message catalogue of the narration: every sentence in German and English side by side,
// in ICU MessageFormat (plural and select rules per language, `{x, date, when}` for a time in the
// scenario's zone, `{x, number, ::percent .0}` for a share). Sizes and durations arrive formatted.
// No sentence is put together from pieces per language: a sentence is one message.
//
// German uses the BSI's own terms (G 4.78): Datensicherung, Snapshot, Differenzdatei,
// Speicherplatz erschöpft, virtuelles IT-System. The `bsi.*` messages quote G 4.78 (12. EL, 2011;
// docs/sources.md): verbatim in German, in our translation in English.
//
// Apostrophes are typographic (’): in ICU MessageFormat a straight one can start a quoted span.

export interface Message {
  readonly de: string
  readonly en: string
}

export const catalogue = {
  setting: {
    de: '{count, plural, one {Der Datenspeicher {ds} fasst {capacity} und trägt {vms, plural, one {# virtuelles IT-System} other {# virtuelle IT-Systeme}}} other {# Datenspeicher ({ids}) fassen zusammen {capacity} und tragen {vms, plural, one {# virtuelles IT-System} other {# virtuelle IT-Systeme}}}}; zu Beginn sind {used} belegt ({fraction, number, ::percent .0}).',
    en: '{count, plural, one {Datastore {ds} holds {capacity} and carries {vms, plural, one {# VM} other {# VMs}}} other {# datastores ({ids}) hold {capacity} together and carry {vms, plural, one {# VM} other {# VMs}}}}; {used} are in use at the start ({fraction, number, ::percent .0}).',
  },
  'brief.schedule': {
    de: 'Tag {day}, {at, date, when}: Der Zeitplan beginnt – {count, plural, one {der Job {job} sichert {vms, plural, one {# virtuelles IT-System} other {# virtuelle IT-Systeme}} {fires, plural, one {einmal} other {#-mal}}} other {# Jobs ({jobs}) sichern {vms, plural, one {# virtuelles IT-System} other {# virtuelle IT-Systeme}} in zusammen {fires} Läufen}}, jedes Mal mit einem Snapshot je System, der nach dem Lesen wieder gelöscht wird.',
    en: 'Day {day}, {at, date, when}: the schedule starts — {count, plural, one {job {job} backs up {vms, plural, one {# VM} other {# VMs}} {fires, plural, one {once} other {# times}}} other {# jobs ({jobs}) back up {vms, plural, one {# VM} other {# VMs}} in {fires} runs together}}, each time with one snapshot per VM that is deleted once the VM has been read.',
  },
  'brief.run': {
    de: 'Tag {day}, {at, date, when}: Lauf {run} {count, plural, one {des Jobs {job}} other {der # Jobs}} legt {snapshots, plural, one {# Snapshot} other {# Snapshots}} an; die virtuellen IT-Systeme schreiben weiter, jede Änderung landet in einer Differenzdatei, und die von {vm} wächst auf {bytes}, solange ihr Snapshot besteht ({lived}).',
    en: 'Day {day}, {at, date, when}: run {run} of {count, plural, one {job {job}} other {the # jobs}} takes {snapshots, plural, one {# snapshot} other {# snapshots}}; the VMs keep writing, every change goes into a delta (difference file), and {vm}’s grows to {bytes} while its snapshot lives ({lived}).',
  },
  'brief.runEnd': {
    de: '{ended, select, yes {{count, plural, one {Der Lauf endet} other {Der letzte der # Läufe endet}} am {end, date, when} nach {duration}} other {{count, plural, one {Der Lauf ist} other {Einer der # Läufe ist}} am Ende der Simulation noch nicht abgeschlossen}}; gelesen wurden {read}.',
    en: '{ended, select, yes {{count, plural, one {The run ends} other {The last of the # runs ends}} on {end, date, when} after {duration}} other {{count, plural, one {The run is} other {One of the # runs is}} still going when the simulation ends}}, having read {read}.',
  },
  runs: {
    de: '{missed, plural, =0 {Kein Lauf überschreitet sein Zeitfenster ({runs, plural, one {# Lauf} other {# Läufe}}{count, plural, one { des Jobs {job}} other { von # Jobs}}){timed, select, yes {; der längste dauert {longest}} other {}}} other {Tag {day}: {missed, plural, one {# von {runs} Läufen überschreitet sein} other {# von {runs} Läufen überschreiten ihr}} Zeitfenster, zuerst Lauf {run} des Jobs {job}: {due, select, yes {Er sollte bis {dueAt, date, when} fertig sein, {ended, select, yes {endet aber erst am {end, date, when}} other {läuft aber am Ende der Simulation noch}}} other {{ended, select, yes {Er endet erst am {end, date, when}} other {Er läuft am Ende der Simulation noch}}}}}}.',
    en: '{missed, plural, =0 {No run misses its window ({runs, plural, one {# run} other {# runs}}{count, plural, one { of job {job}} other { of # jobs}}){timed, select, yes {; the longest takes {longest}} other {}}} other {Day {day}: {missed, plural, one {# of {runs} runs misses its} other {# of {runs} runs miss their}} window, the first run {run} of job {job}: {due, select, yes {it should have been done by {dueAt, date, when} but {ended, select, yes {ends only on {end, date, when}} other {is still going when the simulation ends}}} other {{ended, select, yes {it ends only on {end, date, when}} other {it is still going when the simulation ends}}}}}}.',
  },
  'brief.overlaps': {
    de: 'Tag {day}, {at, date, when}: Lauf {run} des Jobs {job} wird ausgelöst, bevor der vorherige abgeschlossen ist{policy, select, start {, und mit overlap: start legt er {stacked, plural, one {# Snapshot} other {# Snapshots}} auf noch bestehende} skip {, und mit overlap: skip entfällt er} queue {, und mit overlap: queue wartet er} cancel {, und mit overlap: cancel bricht er den vorherigen ab} other {}}; {count, plural, one {das geschieht nur dieses eine Mal} other {das geschieht #-mal bis Tag {lastDay}}}{skipped, plural, =0 {} one {, # Datensicherung entfällt} other {, # Datensicherungen entfallen}}{chain, select, yes {, und die Snapshot-Kette von {vm} wächst bis {chainAt, date, when} auf {depth} Snapshots} other {}}.',
    en: 'Day {day}, {at, date, when}: run {run} of job {job} fires before the previous run has finished{policy, select, start {, and with overlap: start it takes {stacked, plural, one {# snapshot} other {# snapshots}} on top of live ones} skip {, and with overlap: skip it is skipped} queue {, and with overlap: queue it waits} cancel {, and with overlap: cancel it cancels the previous run} other {}}; {count, plural, one {this happens only once} other {this happens # times up to day {lastDay}}}{skipped, plural, =0 {} one {, # backup is skipped} other {, # backups are skipped}}{chain, select, yes {, and the snapshot chain of {vm} grows to {depth} snapshots by {chainAt, date, when}} other {}}.',
  },
  'brief.failure': {
    de: 'Tag {day}, {at, date, when}: Die Datensicherung von {vm} (Job {job}, Lauf {run}) bricht ab, weil die Übertragung unterbrochen wird{orphaned, select, yes {, und ihr Snapshot bleibt verwaist zurück: Seine Differenzdatei nimmt weiter jede Änderung auf und wächst auf {bytes}{removed, select, yes {, bis er am {removedAt, date, when} entfernt wird} other {}}} other {}}{count, plural, one {} other {; insgesamt brechen # Datensicherungen ab{orphans, plural, =0 {} one {, # Snapshot bleibt verwaist} other {, # Snapshots bleiben verwaist}}{largest, select, yes {, und die größte verwaiste Differenzdatei, die von {orphanVm}, wächst auf {orphanBytes}} other {}}}}.',
    en: 'Day {day}, {at, date, when}: the backup of {vm} (job {job}, run {run}) breaks off because the transfer is aborted{orphaned, select, yes {, and its snapshot stays behind, orphaned: its delta keeps taking every change and grows to {bytes}{removed, select, yes { before it is removed on {removedAt, date, when}} other {}}} other {}}{count, plural, one {} other {; # backups break off in all{orphans, plural, =0 {} one {, # snapshot stays orphaned} other {, # snapshots stay orphaned}}{largest, select, yes {, and the largest orphaned delta, {orphanVm}’s, grows to {orphanBytes}} other {}}}}.',
  },
  'brief.stop': {
    de: 'Tag {day}, {at, date, when}: {full, select, yes {Der Speicherplatz des Datenspeichers {ds} ist erschöpft, und {together, plural, one {das virtuelle IT-System {vm} hält an} other {# virtuelle IT-Systeme halten gleichzeitig an}}} other {{together, plural, one {Das virtuelle IT-System {vm} auf {ds} hält an} other {# virtuelle IT-Systeme auf {ds} halten gleichzeitig an}}}}, weil kein Platz mehr für {together, plural, one {seine Differenzdatei} other {ihre Differenzdateien}} frei ist – {platform, select, vmware {VMware stellt die Frage msg.hbacommon.outofspace (KB 1007849), und {together, plural, one {die VM bleibt} other {die VMs bleiben}} angehalten, bis jemand sie beantwortet} hyperv2016 {Hyper-V ab Windows Server 2016 pausiert sie (Paused-Critical), bis jemand sie von Hand fortsetzt} hyperv2012 {Hyper-V 2012 R2 pausiert unter 200 MB freiem Speicherplatz VMs mit dynamischen oder differenzierenden Festplatten (Paused-Critical)} qemu {QEMU hält sie mit „paused (io-error)“ an (werror=enospc), solange der Datenträger des Hosts voll ist} lvm {LVM thin hält die Schreibzugriffe no_space_timeout lang (60 s voreingestellt) zurück und lässt sie dann scheitern} other {der Lauf verzeichnet „{reason}“}}.',
    en: 'Day {day}, {at, date, when}: {full, select, yes {datastore {ds} is full, and {together, plural, one {VM {vm} stops} other {# VMs stop at once}}} other {{together, plural, one {VM {vm} on {ds} stops} other {# VMs on {ds} stop at once}}}} because there is no room left for {together, plural, one {its delta} other {their deltas}} — {platform, select, vmware {VMware asks the question msg.hbacommon.outofspace (KB 1007849), and {together, plural, one {the VM stays} other {the VMs stay}} stopped until someone answers it} hyperv2016 {Hyper-V from Windows Server 2016 pauses {together, plural, one {it} other {them}} (Paused-Critical) until someone resumes {together, plural, one {it} other {them}} by hand} hyperv2012 {Hyper-V 2012 R2 pauses VMs with dynamic or differencing disks below 200 MB free (Paused-Critical)} qemu {QEMU pauses {together, plural, one {it} other {them}} with “paused (io-error)” (werror=enospc) while the host disk is full} lvm {LVM thin queues the writes for no_space_timeout (60 s by default) and then fails them} other {the run records “{reason}”}}.',
  },
  'brief.downtime': {
    de: 'Insgesamt {vms, plural, one {stand # von {onDs} virtuellen IT-Systemen} other {standen # von {onDs} virtuellen IT-Systemen}} auf {ds} zusammen {total} still, am längsten {longestVm} ({longest}){still, plural, =0 {} one {; am Ende steht noch # System} other {; am Ende stehen noch # Systeme}}{crashed, plural, =0 {} one {, # ist abgestürzt} other {, # sind abgestürzt}}.',
    en: 'In all, {vms, plural, one {# of {onDs} VMs} other {# of {onDs} VMs}} on {ds} stood still for {total} together, the longest, {longestVm}, for {longest}{still, plural, =0 {} one {; # is still stopped at the end} other {; # are still stopped at the end}}{crashed, plural, =0 {} one {, # crashed} other {, # crashed}}.',
  },
  'schedule.start': {
    de: 'Tag {day}, {at, date, when}: Der Zeitplan beginnt. Der Job {job} sichert {vms, plural, one {# virtuelles IT-System} other {# virtuelle IT-Systeme}} {fires, plural, one {einmal} other {#-mal}}: Jeder Lauf friert die virtuelle Festplatte jedes Systems in einem Snapshot ein, liest sie aus und löscht den Snapshot danach wieder.',
    en: 'Day {day}, {at, date, when}: the schedule starts. Job {job} backs up {vms, plural, one {# VM} other {# VMs}} {fires, plural, one {once} other {# times}}: each run freezes every VM’s virtual disk in a snapshot, reads it and then deletes the snapshot.',
  },
  'schedule.window': {
    de: 'Das Zeitfenster eines Laufs: {window}.',
    en: 'A run should be done within {window}.',
  },
  'schedule.overlap': {
    de: 'Läuft der vorherige Lauf noch, wenn der nächste ausgelöst wird, gilt overlap: {policy} – {policy, select, start {der neue Lauf beginnt trotzdem und legt seine Snapshots auf die noch bestehenden} skip {der neue Lauf entfällt} queue {der neue Lauf wartet, bis der vorherige beendet ist} cancel {der vorherige Lauf wird abgebrochen} other {eine unbekannte Regel}}.',
    en: 'If the previous run is still going when the next one fires, overlap: {policy} applies — {policy, select, start {the new run starts anyway and takes its snapshots on top of the live ones} skip {the new run is skipped} queue {the new run waits until the previous one has ended} cancel {the previous run is cancelled} other {an unknown rule}}.',
  },
  'run.first': {
    de: 'Tag {day}, {at, date, when}: Lauf {run} des Jobs {job} legt {snapshots, plural, one {# Snapshot} other {# Snapshots}} an. Die virtuellen IT-Systeme laufen weiter, während die Datensicherung die eingefrorenen Festplatten liest, und jede Änderung wird in eine Differenzdatei geschrieben: Die von {vm} wächst auf {bytes}, solange ihr Snapshot besteht ({lived}).',
    en: 'Day {day}, {at, date, when}: run {run} of job {job} takes {snapshots, plural, one {# snapshot} other {# snapshots}}. The VMs keep running while the backup reads their frozen disks, and every change goes into a delta (difference file): {vm}’s grows to {bytes} while its snapshot lives ({lived}).',
  },
  'run.end': {
    de: 'Der Lauf endet am {end, date, when} (Dauer: {duration}); gelesen wurden {read}.',
    en: 'The run ends on {end, date, when} after {duration}, having read {read}.',
  },
  'run.unfinished': {
    de: 'Der Lauf ist am Ende der Simulation noch nicht abgeschlossen; gelesen wurden bis dahin {read}.',
    en: 'The run is still going when the simulation ends; it has read {read} by then.',
  },
  'run.later': {
    de: 'Tag {day}: Lauf {run} des Jobs {job} beginnt am {at, date, when} und {ended, select, yes {endet am {end, date, when} (Dauer: {duration})} other {ist am Ende der Simulation noch nicht abgeschlossen}}; größte Differenzdatei: {vm} mit {bytes} (Standzeit ihres Snapshots: {lived}).',
    en: 'Day {day}: run {run} of job {job} starts on {at, date, when} and {ended, select, yes {ends on {end, date, when} after {duration}} other {is still going when the simulation ends}}; largest delta: {vm}’s with {bytes} (its snapshot lived {lived}).',
  },
  'window.missed': {
    de: 'Tag {day}: {first, select, yes {Zum ersten Mal} other {Wieder}} überschreitet ein Lauf sein Zeitfenster: Lauf {run} des Jobs {job} hätte bis {due, date, when} fertig sein sollen{ended, select, yes {, endet aber erst am {end, date, when}} other {, läuft aber am Ende der Simulation noch}}.',
    en: 'Day {day}: {first, select, yes {for the first time} other {again}} a run misses its window: run {run} of job {job} should have been done by {due, date, when}{ended, select, yes {, but ends only on {end, date, when}} other {, but is still going when the simulation ends}}.',
  },
  'window.late': {
    de: 'Tag {day}: Lauf {run} des Jobs {job} endet nach seinem Zeitfenster{ended, select, yes {, am {end, date, when}} other {; er läuft am Ende der Simulation noch}}.',
    en: 'Day {day}: run {run} of job {job} ends after its window{ended, select, yes {, on {end, date, when}} other {; it is still going when the simulation ends}}.',
  },
  'overlap.start': {
    de: 'Tag {day}, {at, date, when}: {first, select, yes {Zum ersten Mal} other {Wieder}} wird ein neuer Lauf ausgelöst, bevor der vorherige abgeschlossen ist. Mit overlap: start beginnt Lauf {run} des Jobs {job} trotzdem und legt {stacked, plural, one {# Snapshot} other {# Snapshots}} auf noch bestehende (Kettentiefe {depth}); die Läufe teilen sich nun den Durchsatz der Datensicherung und dauern beide länger.',
    en: 'Day {day}, {at, date, when}: {first, select, yes {for the first time} other {again}} a new run fires before the previous one has finished. With overlap: start, run {run} of job {job} starts anyway and takes {stacked, plural, one {# snapshot} other {# snapshots}} on top of live ones (chain depth {depth}); the runs now share the backup throughput, so both take longer.',
  },
  'overlap.skip': {
    de: 'Tag {day}, {at, date, when}: Lauf {run} des Jobs {job} wird ausgelöst, während der vorherige noch läuft. Mit overlap: skip beginnt er nicht: {skipped, plural, one {# Datensicherung entfällt} other {# Datensicherungen entfallen}}, und kein Snapshot wird gestapelt.',
    en: 'Day {day}, {at, date, when}: run {run} of job {job} fires while the previous run is still going. With overlap: skip it does not start: {skipped, plural, one {# backup is} other {# backups are}} skipped, and no snapshot is stacked.',
  },
  'overlap.queue': {
    de: 'Tag {day}, {at, date, when}: Lauf {run} des Jobs {job} wird ausgelöst, während der vorherige noch läuft. Mit overlap: queue wartet er, bis der vorherige beendet ist.',
    en: 'Day {day}, {at, date, when}: run {run} of job {job} fires while the previous run is still going. With overlap: queue it waits until the previous one has ended.',
  },
  'overlap.cancel': {
    de: 'Tag {day}, {at, date, when}: Lauf {run} des Jobs {job} wird ausgelöst, während der vorherige noch läuft. Mit overlap: cancel wird der vorherige Lauf abgebrochen, und Lauf {run} beginnt (Kettentiefe {depth}).',
    en: 'Day {day}, {at, date, when}: run {run} of job {job} fires while the previous run is still going. With overlap: cancel the previous run is cancelled and run {run} starts (chain depth {depth}).',
  },
  'overlap.unknown': {
    de: 'Tag {day}, {at, date, when}: Lauf {run} des Jobs {job} wird ausgelöst, während der vorherige noch läuft (welche overlap-Regel galt, sagt die Ergebnisdatei nicht).',
    en: 'Day {day}, {at, date, when}: run {run} of job {job} fires while the previous run is still going (the result file does not say which overlap policy applied).',
  },
  chain: {
    de: 'Tag {day}, {at, date, when}: Die Snapshot-Kette von {vm} erreicht ihre größte Tiefe: {depth} Snapshots liegen übereinander.',
    en: 'Day {day}, {at, date, when}: the snapshot chain of {vm} reaches its deepest: {depth} snapshots stacked on its disk.',
  },
  alarm: {
    de: 'Tag {day}, {at, date, when}: Der Datenspeicher {ds} überschreitet die Alarmschwelle „{name}“ bei {level} ({fraction, number, ::percent .0} von {capacity}){count, plural, one {.} other {; sie löst insgesamt #-mal aus.}}',
    en: 'Day {day}, {at, date, when}: datastore {ds} crosses its “{name}” alarm at {level} ({fraction, number, ::percent .0} of {capacity}){count, plural, one {.} other {; it fires # times in all.}}',
  },
  failure: {
    de: 'Tag {day}, {at, date, when}: Die Datensicherung von {vm} (Job {job}, Lauf {run}) bricht ab – die Übertragung wird unterbrochen. {orphaned, select, yes {Ihr Snapshot wird nicht gelöscht: Er bleibt verwaist zurück, und niemand entfernt ihn.} other {Ihr Snapshot wird gelöscht.}}',
    en: 'Day {day}, {at, date, when}: the backup of {vm} (job {job}, run {run}) breaks off — the transfer is aborted. {orphaned, select, yes {Its snapshot is not deleted: it stays behind, orphaned, and nobody removes it.} other {Its snapshot is deleted.}}',
  },
  'snapshot-failed': {
    de: 'Tag {day}, {at, date, when}: Der Snapshot von {vm} (Job {job}) kann nicht angelegt werden – {cause, select, chain {seine Snapshot-Kette hat die Grenze der Plattform erreicht} other {auf dem Datenspeicher ist kein Platz mehr dafür}}; die Datensicherung scheitert ohne Snapshot{count, plural, one {.} other { (insgesamt # Datensicherungen).}}',
    en: 'Day {day}, {at, date, when}: the snapshot of {vm} (job {job}) cannot be taken — {cause, select, chain {its snapshot chain is at the platform’s limit} other {there is no room for it on the datastore}}; the backup fails without a snapshot{count, plural, one {.} other { (# backups in all).}}',
  },
  orphan: {
    de: 'Der verwaiste Snapshot von {vm} vom {taken, date, when} nimmt weiter alle Änderungen des Systems auf, und jeder spätere Snapshot wird in ihn zurückgeführt: Seine Differenzdatei wächst auf {bytes}{removed, select, yes {, bevor er am {removedAt, date, when} entfernt wird} other { und besteht am Ende der Simulation noch}}.',
    en: 'The orphaned snapshot of {vm} from {taken, date, when} keeps taking all of the VM’s changes, and every later snapshot of it is merged back into it: its delta grows to {bytes}{removed, select, yes { before it is removed on {removedAt, date, when}} other { and is still there when the simulation ends}}.',
  },
  'safeguard.hunter': {
    de: 'Tag {day}, {at, date, when}: Der Snapshot-Jäger entfernt einen Snapshot von {vm}, der älter als das erlaubte Höchstalter ist{count, plural, one {} other {; er greift insgesamt #-mal ein}}.',
    en: 'Day {day}, {at, date, when}: the snapshot hunter removes a snapshot of {vm} older than the maximum snapshot age{count, plural, one {} other {; it acts # times in all}}.',
  },
  'safeguard.guard-abort': {
    de: 'Tag {day}, {at, date, when}: Der freie Speicherplatz auf {ds} fällt unter die Schutzschwelle, und laufende Datensicherungen werden abgebrochen (insgesamt {count, plural, one {# Datensicherung} other {# Datensicherungen}}).',
    en: 'Day {day}, {at, date, when}: free space on {ds} falls below the space guard, which cancels running backups ({count, plural, one {# backup} other {# backups}} in all).',
  },
  'safeguard.guard-refused': {
    de: 'Tag {day}, {at, date, when}: Die Schutzschwelle verweigert einen neuen Snapshot von {vm}, weil zu wenig Speicherplatz frei ist (insgesamt {count, plural, one {# Datensicherung} other {# Datensicherungen}} ohne Snapshot).',
    en: 'Day {day}, {at, date, when}: the space guard refuses a new snapshot of {vm} because too little space is free ({count, plural, one {# backup} other {# backups}} refused in all).',
  },
  full: {
    de: 'Tag {day}, {at, date, when}: Der Speicherplatz des Datenspeichers {ds} ist erschöpft – alle {capacity} sind belegt{times, plural, one {.} other {; er läuft insgesamt #-mal voll, jedes Mal wieder, nachdem ein Zusammenführen etwas Platz freigegeben hat.}}',
    en: 'Day {day}, {at, date, when}: datastore {ds} is full — all {capacity} are in use{times, plural, one {.} other {; it fills # times in all, again each time a merge has freed a little space.}}',
  },
  stop: {
    de: 'Tag {day}, {at, date, when}: {together, plural, one {Das virtuelle IT-System {vm} hält an: Es muss in seine Differenzdatei schreiben, doch es ist kein Platz mehr frei} other {# virtuelle IT-Systeme auf {ds} halten gleichzeitig an, darunter {vm}: Sie müssen in ihre Differenzdateien schreiben, doch es ist kein Platz mehr frei}}. Der Lauf verzeichnet den Zustand als „{reason}“.',
    en: 'Day {day}, {at, date, when}: {together, plural, one {VM {vm} stops: it must write to its delta and there is no room left} other {# VMs on {ds} stop at once, {vm} among them: they must write to their deltas and there is no room left}}. The run records the state as “{reason}”.',
  },
  rule: {
    de: '{platform, select, vmware {Die Regel von VMware (KB 1007849): Die VM hält mit der Frage msg.hbacommon.outofspace an („There is no more space for the redo log …“, Retry oder Abort) und bleibt angehalten, bis jemand sie beantwortet.} hyperv2016 {Die Regel von Hyper-V ab Windows Server 2016: Eine VM, deren Schreibzugriff scheitert, weil ihre Festplattendatei nicht wachsen kann, wird pausiert (Paused-Critical) und von Hand fortgesetzt.} hyperv2012 {Die Regel von Hyper-V 2012 R2: Unter 200 MB freiem Speicherplatz werden VMs mit dynamischen oder differenzierenden Festplatten pausiert (Paused-Critical).} qemu {Die Regel von QEMU (werror=enospc, die Voreinstellung): Die VM wird mit „paused (io-error)“ angehalten, solange der Datenträger des Hosts voll ist.} lvm {Die Regel von LVM thin (queue_if_no_space): Schreibzugriffe werden no_space_timeout lang (60 s voreingestellt) zurückgehalten und scheitern dann.} other {Die Plattform hält virtuelle IT-Systeme an, die keinen Speicherplatz mehr belegen können.}}',
    en: '{platform, select, vmware {VMware’s rule (KB 1007849): the VM stops with the question msg.hbacommon.outofspace (“There is no more space for the redo log …”, Retry or Abort) and stays stopped until someone answers it.} hyperv2016 {Hyper-V’s rule from Windows Server 2016: a VM whose write fails because its disk file cannot grow is paused (Paused-Critical) and resumed by hand.} hyperv2012 {Hyper-V 2012 R2’s rule: below 200 MB free, VMs with dynamic or differencing disks are paused (Paused-Critical).} qemu {QEMU’s rule (werror=enospc, the default): the VM is paused with “paused (io-error)” while the host disk is full.} lvm {LVM thin’s rule (queue_if_no_space): writes are queued for no_space_timeout (60 s by default) and then fail.} other {The platform stops VMs that can no longer allocate space.}}',
  },
  downtime: {
    de: 'Insgesamt {vms, plural, one {stand # von {onDs} virtuellen IT-Systemen} other {standen # von {onDs} virtuellen IT-Systemen}} auf {ds} zusammen {total} still; am längsten {longestVm}: {longest}.{still, plural, =0 {} one { Am Ende steht noch # System.} other { Am Ende stehen noch # Systeme.}}{crashed, plural, =0 {} one { # System ist abgestürzt und bleibt aus.} other { # Systeme sind abgestürzt und bleiben aus.}}',
    en: 'In all, {vms, plural, one {# of {onDs} VMs} other {# of {onDs} VMs}} on {ds} stood still for {total} together; the longest, {longestVm}, for {longest}.{still, plural, =0 {} one { At the end # is still stopped.} other { At the end # are still stopped.}}{crashed, plural, =0 {} one { # crashed and stayed down.} other { # crashed and stayed down.}}',
  },
  recovery: {
    de: 'Wiederherstellungspunkte: {vm} blieb {age} ohne neue erfolgreiche Datensicherung, ab {at, date, when} – der tatsächlich erreichte Wiederherstellungspunkt (BSI CON.3.A6).',
    en: 'Recovery points: {vm} went {age} without a fresh successful backup, from {at, date, when} on — the recovery point actually achieved (BSI CON.3.A6).',
  },
  'mitigation.prevents': {
    de: 'Was es verhindert hätte: {alone, select, yes {{policy} allein} other {alle Maßnahmen zusammen ({policy})}} aus „{scenario}“ – kein virtuelles IT-System hält an (statt {before}), die Belegung erreicht höchstens {afterPeak, number, ::percent .0} statt {beforePeak, number, ::percent .0}{skipped, plural, =0 {} one {; # Datensicherung entfällt} other {; # Datensicherungen entfallen}}{rpo, select, yes {, und der älteste Wiederherstellungspunkt ist {afterRpo} alt statt {beforeRpo}} other {}}.',
    en: 'What would have prevented it: {alone, select, yes {{policy} alone} other {all of its policies together ({policy})}} from “{scenario}” — no VM stops (instead of {before}), use peaks at {afterPeak, number, ::percent .0} instead of {beforePeak, number, ::percent .0}{skipped, plural, =0 {} one {; # backup is skipped} other {; # backups are skipped}}{rpo, select, yes {, and the oldest recovery point gets {afterRpo} old instead of {beforeRpo}} other {}}.',
  },
  'mitigation.fails': {
    de: '{alone, select, yes {{policy} allein} other {Alle Maßnahmen zusammen ({policy})}} aus „{scenario}“ hätte es nicht verhindert: {after, plural, one {# virtuelles IT-System hält} other {# virtuelle IT-Systeme halten}} trotzdem an (statt {before}), {later, select, yes {das erste am {firstStop, date, when}} other {das erste nicht später}}; die Belegung erreicht {afterPeak, number, ::percent .0}.',
    en: '{alone, select, yes {{policy} alone} other {All of its policies together ({policy})}} from “{scenario}” would not have prevented it: {after, plural, one {# VM} other {# VMs}} still stop (instead of {before}), {later, select, yes {the first on {firstStop, date, when}} other {the first no later}}; use peaks at {afterPeak, number, ::percent .0}.',
  },
  end: {
    de: 'Auf dem Datenspeicher {ds} hält kein virtuelles IT-System an: Die Belegung erreicht ihren Höchststand von {peak} ({fraction, number, ::percent .0} von {capacity}) am {at, date, when}.',
    en: 'No VM stops on datastore {ds}: its use peaks at {peak} ({fraction, number, ::percent .0} of {capacity}) on {at, date, when}.',
  },
  'bsi.delta': {
    de: 'G 4.78: „Wie groß diese Differenzdatei wird, hängt davon ab, wie viele Änderungen im Dateisystem des virtuellen IT-Systems während der Dauer der Sicherung geschehen.“',
    en: 'G 4.78: “How large this difference file becomes depends on how many changes happen in the file system of the virtual IT system during the backup.” (our translation)',
  },
  'bsi.overlap': {
    de: 'G 4.78: „… jedoch wächst das Datensicherungsvolumen bald so stark an, dass ein neuer Datensicherungsprozess ausgelöst wird, bevor der vorherige abgeschlossen ist.“',
    en: 'G 4.78: “… but the backup volume soon grows so strongly that a new backup process is started before the previous one has finished.” (our translation)',
  },
  'bsi.orphan': {
    de: 'G 4.78: „Möglicherweise bleibt sie dauerhaft bestehen, wenn der Datensicherungsprozess unvorhergesehen abbricht.“',
    en: 'G 4.78: “It may even remain permanently if the backup process aborts unexpectedly.” (our translation)',
  },
  'bsi.refused': {
    de: 'G 4.78: „Ist der Speicherplatz, der für die oben erwähnte Differenzdatei genutzt wird, erschöpft, verweigert der Virtualisierungsserver dem virtuellen IT-System weitere Schreibzugriffe auf die virtuelle Festplatte, und das virtuelle IT-System gerät in eine Fehlersituation.“',
    en: 'G 4.78: “If the storage space used for the difference file is exhausted, the virtualisation server refuses the virtual IT system further write access to the virtual hard disk, and the virtual IT system gets into an error situation.” (our translation)',
  },
  'bsi.allFailed': {
    de: 'G 4.78: „Kurz darauf kommt es zu einem Ausfall aller virtuellen IT-Systeme auf dem Virtualisierungsserver, da der zur Verfügung stehende Speicherplatz erschöpft ist.“',
    en: 'G 4.78: “Shortly after, all virtual IT systems on the virtualisation server fail because the available storage space is exhausted.” (our translation)',
  },
  'risk.heading': {
    de: 'Das Risiko in Worten',
    en: 'The risk in words',
  },
  'risk.fill': {
    de: '{filled, plural, =0 {In keiner der {replications} Wiederholungen} other {In # von {replications} Wiederholungen ({share, number, ::percent .0}; 95-%-Intervall {low, number, ::percent .0} bis {high, number, ::percent .0})}}{scope, select, point { an Punkt {point} ({values})} other {}} läuft innerhalb von {days, plural, one {# Tag} other {# Tagen}} ein Datenspeicher voll{filled, plural, =0 {; die Wahrscheinlichkeit dafür liegt mit 95 % Sicherheit unter {high, number, ::percent .0}} other {}}.',
    en: '{filled, plural, =0 {In none of the {replications} replications{scope, select, point { at point {point} ({values})} other {}} does a datastore fill within {days, plural, one {# day} other {# days}}; with 95% confidence the probability is below {high, number, ::percent .0}} other {A datastore fills within {days, plural, one {# day} other {# days}} in # of {replications} replications{scope, select, point { at point {point} ({values})} other {}} ({share, number, ::percent .0}; 95% interval {low, number, ::percent .0} to {high, number, ::percent .0})}}.',
  },
  'risk.datastore': {
    de: '{first, select, yes {Am häufigsten läuft {ds} voll} other {{ds} läuft voll}}: in {filled} von {trials} Wiederholungen, {filled, plural, one {an Tag {medianDay} ({median, date, when})} other {im Median an Tag {medianDay} ({median, date, when}), frühestens an Tag {minDay}, spätestens an Tag {maxDay}}}.',
    en: '{first, select, yes {{ds} fills most often} other {{ds} fills}}: in {filled} of {trials} replications, {filled, plural, one {on day {medianDay} ({median, date, when})} other {at a median of day {medianDay} ({median, date, when}), on day {minDay} at the earliest and on day {maxDay} at the latest}}.',
  },
  'risk.more': {
    de: '{more, plural, one {Ein weiterer Datenspeicher läuft} other {# weitere Datenspeicher laufen}} in einzelnen Wiederholungen voll.',
    en: '{more, plural, one {One more datastore fills} other {# more datastores fill}} in some replications.',
  },
  'risk.peak': {
    de: 'Am knappsten wird es auf {ds}: Die Belegung erreicht in der mittleren Wiederholung höchstens {median, number, ::percent .0} des Platzes, in der ungünstigsten {max, number, ::percent .0}.',
    en: 'The tightest is {ds}: its use peaks at {median, number, ::percent .0} of its capacity in the median replication and at {max, number, ::percent .0} in the worst.',
  },
  'risk.downtime': {
    de: 'Je Wiederholung halten im Mittel {vms, number, ::.#} virtuelle IT-Systeme an und stehen zusammen {downtime} still, in der schlimmsten {maxVms, plural, one {# System} other {# Systeme}}.',
    en: 'Per replication {vms, number, ::.#} VMs stop on average and stand still for {downtime} together, {maxVms, plural, one {# VM} other {# VMs}} in the worst.',
  },
  'risk.worst': {
    de: 'Die ungünstigste ist Wiederholung {replication}{full, select, yes { – voll am {at, date, when}, Ausfallzeit insgesamt {downtime}} other { – nichts läuft voll, Ausfallzeit insgesamt {downtime}}}; --replication {replication} spielt sie nach.',
    en: 'The worst replication is number {replication}{full, select, yes { — full on {at, date, when}, with {downtime} of downtime} other { — nothing fills, {downtime} of downtime}}; --replication {replication} replays it.',
  },
  'sweep.grid': {
    de: 'Der Sweep prüft {points, plural, one {# Punkt} other {# Punkte}} ({parameters}) mit je {replications, plural, one {# Wiederholung} other {# Wiederholungen}}, und jeder Punkt sieht dieselben Zufallszahlen.',
    en: 'The sweep tries {points, plural, one {# point} other {# points}} ({parameters}) with {replications, plural, one {# replication} other {# replications}} each, and every point sees the same random numbers.',
  },
  'sweep.driver': {
    de: 'P(voll) hängt vor allem von {path} ab: {lowP, number, ::percent .0} bei {lowValue}, {highP, number, ::percent .0} bei {highValue}{others, select, yes { (im Mittel über die übrigen Parameter)} other {}}.',
    en: 'P(full) depends above all on {path}: {lowP, number, ::percent .0} at {lowValue}, {highP, number, ::percent .0} at {highValue}{others, select, yes { (averaged over the other parameters)} other {}}.',
  },
  'sweep.flat': {
    de: 'Kein Parameter bestimmt P(voll) allein: Am meisten bewegt sie {path}, um {pp, number, ::.#} Prozentpunkte.',
    en: 'No parameter drives P(full) on its own: {path} moves it most, by {pp, number, ::.#} percentage points.',
  },
  'sweep.target': {
    de: '{found, select, yes {Der günstigste Punkt mit {target} ist Punkt {point} ({values})} other {Kein Punkt zeigt {target} mit 95 % Sicherheit}}.',
    en: '{found, select, yes {The cheapest point with {target} is point {point} ({values})} other {No point shows {target} at 95% confidence}}.',
  },
  'duration.days': {
    de: '{d, plural, one {# Tag} other {# Tage}} {h} h',
    en: '{d, plural, one {# day} other {# days}} {h} h',
  },
  'duration.hours': {
    de: '{m, plural, =0 {{h} h} other {{h} h {m} min}}',
    en: '{m, plural, =0 {{h} h} other {{h} h {m} min}}',
  },
  'duration.minutes': {
    de: '{m} min',
    en: '{m} min',
  },
  'duration.seconds': {
    de: '{s} s',
    en: '{s} s',
  },
  'cli.title': {
    de: '{name}: {count, plural, one {# Wendepunkt} other {# Wendepunkte}} ({level, select, brief {Kurzfassung} other {vollständig}})',
    en: '{name}: {count, plural, one {# turning point} other {# turning points}} ({level, select, brief {brief} other {full}})',
  },
  'cli.empty': {
    de: 'In diesem Zeitraum gibt es keinen Wendepunkt.',
    en: 'There is no turning point in this period.',
  },
  'report.heading': {
    de: 'Der Lauf erzählt',
    en: 'The run, told',
  },
  'report.hint': {
    de: 'Ein Klick auf einen Wendepunkt markiert seine Zeit in allen Diagrammen.',
    en: 'Click a turning point to mark its time on every chart.',
  },
  'report.day': {
    de: 'Tag {day}',
    en: 'Day {day}',
  },
} as const satisfies Readonly<Record<string, Message>>

export type MessageKey = keyof typeof catalogue
