/**
 * `npm run samples`: one sample of each printed document, made from the demo road map
 * (Орловская область, seed 000) as its approved version 1, written to docs/samples/ so a
 * reader of the repository can open them. Built in memory from the demo data with the
 * same generators the API serves (services/documents/), so no database or server is needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { appointmentsDocx } from '../../services/documents/appointments-docx.js';
import { financingXlsx } from '../../services/documents/financing-xlsx.js';
import { roadMapDocx } from '../../services/documents/roadmap-docx.js';
import { contentSha256, type NamedPerson, type VersionContext } from '../../services/documents/version-context.js';
import { demo } from './index.js';

const OUT = fileURLToPath(new URL('../../docs/samples/', import.meta.url));
// Fixed instants, so the samples change only when the documents do: approved at 10:00 Moscow time.
const APPROVED_AT = new Date('2026-12-04T07:00:00Z');
const GENERATED_AT = new Date('2026-12-04T08:30:00Z');

function demoVersionContext(): VersionContext {
  const doc = RoadMapDocument.parse(demo.roadMapDocument);
  const people = new Map<string, NamedPerson>(
    demo.people.map((p) => [p.id, { id: p.id, fullName: p.fullName, positionTitle: p.positionTitle, organisationId: p.organisationId, position: p.position }]),
  );
  const director = demo.people.find((p) => p.organisationId === 'tfoms-57' && p.position === 'director')!;
  return {
    roadMapId: 'rm-demo-57',
    version: 1,
    status: 'approved',
    doc,
    region: { code: demo.region.code, name: demo.region.name, timeZone: demo.region.timeZone },
    approvedAt: APPROVED_AT,
    approver: people.get(director.id)!,
    contentSha256: contentSha256(doc),
    people,
    organisations: new Map(
      demo.organisations.map((o) => [o.id, { id: o.id, name: o.name, kind: o.kind, registryNumber: o.registryNumber, headPersonId: null }]),
    ),
  };
}

export async function writeDocumentSamples(dir = OUT): Promise<string[]> {
  const ctx = demoVersionContext();
  mkdirSync(dir, { recursive: true });
  const fund = [...ctx.organisations.values()].find((o) => o.kind === 'TFOMS')!;
  const insurer = [...ctx.organisations.values()].find((o) => o.kind === 'SMO')!;
  const files: [string, Buffer][] = [
    ['дорожная-карта.docx', await roadMapDocx(ctx, GENERATED_AT)],
    ['распоряжение-о-назначении-ответственных-ТФОМС.docx', await appointmentsDocx(ctx, fund, GENERATED_AT)],
    ['приказ-о-назначении-ответственных-СМО.docx', await appointmentsDocx(ctx, insurer, GENERATED_AT)],
    ['план-финансирования.xlsx', await financingXlsx(ctx, GENERATED_AT)],
  ];
  for (const [name, data] of files) writeFileSync(path.join(dir, name), data);
  return files.map(([name]) => path.join(dir, name));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const file of await writeDocumentSamples()) console.log(`written ${path.relative(process.cwd(), file)}`);
}
