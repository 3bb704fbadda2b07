import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS with `export default` in its types: under NodeNext the function is the module's default's default.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as typeof import('jsqr').default;
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoadMapDocumentInput } from '../../domain/roadmap.js';
import { smallDocument } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { approvedRoadMap } from '../support/roadmaps.js';

/** A small road map with everything the printed acts carry: a legal act, appointments of the ТФОМС and an СМО, financing. */
function documentedRoadMap(): RoadMapDocumentInput {
  const doc = smallDocument();
  const [mo1, mo2] = doc.participatingMoIds!;
  doc.legalAct = { kind: 'Совместный приказ', number: '17/п', date: '2017-03-10', title: 'Об утверждении дорожной карты' };
  doc.directions.push({
    id: 'smo-informing',
    party: 'SMO',
    title: 'Информирование застрахованных лиц',
    items: [{ id: 'smo-letters', title: 'Индивидуальное информирование о диспансеризации', deadline: { date: '2017-05-15' },
      executorId: 'smo', controllerId: 'smo-controller', scope: { kind: 'fund' }, expectedResult: 'Застрахованные проинформированы', resultDocument: 'Отчёт по форме мониторинга',
      financing: [{ moId: mo2, expense: 'information_materials', source: 'smo', amount: 2500.5 }] }],
  });
  // As the demo's direction 4: the СМО does the work, a ТФОМС head of directorate controls it.
  doc.directions.push({
    id: 'smo-ekmp',
    party: 'SMO',
    title: 'Тематические ЭКМП',
    items: [{ id: 'smo-ekmp-1', title: 'Тематическая ЭКМП по диспансеризации', deadline: { date: '2017-05-31' },
      executorId: 'smo', controllerId: 'quality', scope: { kind: 'fund' }, expectedResult: 'Проведены тематические ЭКМП' }],
  });
  doc.directions[0].items[1].financing = [
    // Binary fractions that a floating-point sum gets wrong (1500.3000000000002): added in kopecks.
    { moId: mo1, expense: 'staff_training', source: 'nsz_tfoms', amount: 1000.1 },
    { moId: mo1, expense: 'staff_training', source: 'nsz_tfoms', amount: 500.2 },
    { moId: mo1, expense: 'equipment_purchase', source: 'nsz_tfoms', amount: 0.1 },
    { moId: mo1, expense: 'equipment_purchase', source: 'nsz_tfoms', amount: 0.2 },
    { moId: mo2, expense: 'routine_repair', source: 'oms_funds', amount: 20000 },
  ];
  doc.appointments = [
    { directionId: 'd1', moId: mo1, organisationId: 'tfoms-57', personId: 'executor' },
    { directionId: 'd1', moId: mo2, organisationId: 'tfoms-57', personId: 'finance' },
    { directionId: 'smo-informing', moId: mo1, organisationId: 'smo-57-1', personId: 'smo' },
  ];
  return doc;
}

async function download(h: Harness, path: string, token: string) {
  const res = await fetch(h.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  return { res, data: Buffer.from(await res.arrayBuffer()) };
}

async function docxText(data: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('word/document.xml')!.async('string');
  // Paragraph ends become newlines, runs join: what a reader of the printed page sees.
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('printed documents of an approved version', () => {
  let h: Harness;
  let id: string;
  let coordinator: string;
  let moNames: Map<string, string>;
  beforeAll(async () => {
    h = await startHarness();
    // Polis-Orel's head, as the directory names him: he signs its local act (reset after the file).
    await h.sql`update organisations set head_person_id = 'smo-controller' where id = 'smo-57-1'`;
    ({ id } = await approvedRoadMap(h, documentedRoadMap(), 5));
    coordinator = await h.login('coordinator');
    const rows = await h.sql<{ id: string; name: string }[]>`select id, name from organisations`;
    // As the documents print them: straight quotes around a name become «ёлочки».
    moNames = new Map(rows.map((r) => [r.id, r.name.replace(/"([^"\n]*)"/g, '«$1»')]));
  }, 180_000);
  afterAll(async () => {
    if (h) await h.sql`update organisations set head_person_id = null where id = 'smo-57-1'`;
    await h?.close();
  });

  it('the road map: approval block, a table per direction, Russian dates, a Cyrillic file name', async () => {
    const { res, data } = await download(h, `/api/roadmaps/${id}/versions/1/roadmap.docx`, coordinator);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[ -~]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1])).toBe(`дорожная-карта-${id}-v1.docx`);
    const text = await docxText(data);
    const doc = documentedRoadMap();
    expect(text).toContain('УТВЕРЖДАЮ');
    expect(text).toContain('Директор ТФОМС Орловской области');
    expect(text).toMatch(/Белозёров И\.Н\./);
    expect(text).toContain('Редакция 1');
    // ГОСТ Р 7.0.97-2016: the appendix mark and the approving act's mark, each grammatical and apart from «УТВЕРЖДАЮ».
    expect(text).toContain('Приложение к совместному приказу от 10.03.2017 № 17/п');
    expect(text).toContain('УТВЕРЖДЕНА совместным приказом от 10.03.2017 № 17/п');
    // People with their organisation: an СМО direction says which СМО does the work.
    expect(text).toMatch(/Индивидуальное информирование о диспансеризации\n15\.05\.2017\n[^\n]+\(Страховая медицинская организация «Полис-Орёл»\)/);
    // The scope names the МО, not a count of executions.
    expect(text).not.toContain('исполнений:');
    for (const mo of doc.participatingMoIds!) expect(text).toContain(moNames.get(mo)!);
    expect(text).toContain('1. Организационные мероприятия (ТФОМС)');
    expect(text).toContain('2. Информирование застрахованных лиц (СМО)');
    for (const h of ['№', 'Мероприятие', 'Срок', 'Исполнитель', 'Контролирующее лицо', 'Охват МО', 'Ожидаемый результат / документ']) expect(text).toContain(h);
    expect(text).toContain('1.1\nРаспоряжение о назначении ответственных лиц\n20.03.2017');
    expect(text).toContain('2.1\nИндивидуальное информирование о диспансеризации\n15.05.2017');
    expect(text).toContain('Документ: Отчёт по форме мониторинга');
  });

  it("the ТФОМС director's order and an СМО's local act, each with its per-МО list", async () => {
    const doc = documentedRoadMap();
    const [mo1, mo2] = doc.participatingMoIds!;
    const fund = await docxText((await download(h, `/api/roadmaps/${id}/versions/1/appointments.docx`, coordinator)).data);
    expect(fund).toContain('РАСПОРЯЖЕНИЕ');
    // Date and number fields, the place of issue, a grammatical preamble naming the approving act, and
    // a распоряжение's clauses without «ПРИКАЗЫВАЮ».
    expect(fund).toMatch(/«___» _+ 20__ г\. +№ ______/);
    expect(fund).toContain('г. ____');
    expect(fund).toContain(`В целях реализации плана мероприятий («дорожной карты») «${doc.title}», утверждённого совместным приказом от 10.03.2017 № 17/п, в редакции 1:\n1. Назначить ответственными за направления деятельности:`);
    expect(fund).not.toContain('ПРИКАЗЫВАЮ');
    // Seed 000: the order names each СМО's responsible person for the region.
    expect(fund).toMatch(/Страховая медицинская организация «Полис-Орёл»\n[^\n]*\(Страховая медицинская организация «Полис-Орёл»\)/);
    // The director signs the order and is not appointed by it.
    const directions = fund.slice(fund.indexOf('1. Назначить'), fund.indexOf('2. Назначить'));
    expect(directions).not.toContain('Белозёров');
    expect(fund).toMatch(/Контроль за исполнением настоящего распоряжения оставляю за собой\.\n[^\n]*Белозёров И\.Н\./);
    expect(fund).toContain('О назначении ответственных лиц');
    expect(fund).toContain(`${moNames.get(mo1)}\nОрганизационные мероприятия\n`);
    expect(fund).toContain(`${moNames.get(mo2)}\nОрганизационные мероприятия\nМорошкина Елена Викторовна`);
    expect(fund).not.toContain('Информирование застрахованных лиц');
    const smo = await download(h, `/api/roadmaps/${id}/versions/1/appointments.docx?organisation=smo-57-1`, coordinator);
    expect(smo.res.status).toBe(200);
    const smoText = await docxText(smo.data);
    expect(smoText).toContain('ПРИКАЗ');
    // A приказ states its formula; the СМО's head signs; names in «ёлочки».
    expect(smoText).toMatch(/в редакции 1,\nПРИКАЗЫВАЮ:\n1\. Назначить/);
    expect(smoText).toContain('Страховая медицинская организация «Полис-Орёл»');
    expect(smoText).not.toContain('"');
    // The signature block names the head the directory gave the СМО when the version was approved (organisations.head_person_id).
    const [head] = await h.sql<{ full_name: string; position_title: string }[]>`select full_name, position_title from people where id = 'smo-controller'`;
    const [family, ...given] = head.full_name.split(' ');
    expect(smoText).toContain(`${head.position_title}                    _______________ ${family} ${given.map((g) => `${g[0]}.`).join('')}`);
    expect(smoText).toContain(`${moNames.get(mo1)}\nИнформирование застрахованных лиц\n`);
    // The controlling official is printed whoever's organisation they belong to, with it when it is not the СМО.
    expect(smoText).toContain(
      '2\nТематические ЭКМП\nНикитенко Светлана Валерьевна, начальник управления по работе с застрахованными лицами\nЛебедянская Ольга Анатольевна, начальник управления контроля объёмов и качества медицинской помощи (ТФОМС)\n',
    );
    const smoDirections = smoText.slice(smoText.indexOf('1. Назначить'), smoText.indexOf('2. Назначить'));
    expect(smoDirections).not.toContain('—');
    expect(smoText).not.toContain('Организационные мероприятия\n');
    const bad = await h.call('GET', `/api/roadmaps/${id}/versions/1/appointments.docx?organisation=${mo1}`, { token: coordinator });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('organisation');
  });

  it('the financing plan: МО × expense × source summed to the kopeck, subtotals and totals as formulas over the lines', async () => {
    const { res, data } = await download(h, `/api/roadmaps/${id}/versions/1/financing.xlsx`, coordinator);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as never);
    const sheet = wb.getWorksheet('План финансирования')!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const [mo1, mo2] = documentedRoadMap().participatingMoIds!;
    const line = (mo: string, expense: string) => rows.find((r) => r[1] === moNames.get(mo) && r[2] === expense);
    expect(line(mo1, 'Обучение персонала медицинских организаций')).toEqual([expect.any(Number), moNames.get(mo1), 'Обучение персонала медицинских организаций', 'НСЗ ТФОМС', 1500.3]);
    expect(line(mo1, 'Приобретение медицинского оборудования')?.[4]).toBe(0.3);
    expect(line(mo2, 'Текущий ремонт')?.[4]).toBe(20000);
    expect(line(mo2, 'Информационные материалы')?.[3]).toBe('СМО');
    // «Итого по МО» (grammatical whatever the МО's name), a SUM over its lines, its value cached.
    const subtotal = rows.find((r) => r[1] === moNames.get(mo2) && r[2] === 'Итого по МО')?.[4] as { formula: string; result: number };
    expect(subtotal.formula).toMatch(/^SUM\(E\d+:E\d+\)$/);
    expect(subtotal.result).toBe(22500.5);
    const total = (label: string) => rows.find((r) => r[1] === label)?.[4] as { formula: string; result: number };
    expect(total('Итого по источнику «НСЗ ТФОМС»').result).toBe(1500.6);
    expect(total('Итого по источнику «НСЗ ТФОМС»').formula).toMatch(/^SUMIF\(D\d+:D\d+,"НСЗ ТФОМС",E\d+:E\d+\)$/);
    expect(total('Итого по источнику «Средства ОМС»').result).toBe(20000);
    expect(total('Всего по плану').result).toBe(24001.1);
    // The formulas compute what is cached: evaluate them over the sheet's own cells.
    const value = (ref: string): number => {
      const v = sheet.getCell(ref).value as number | { result: number } | null;
      return typeof v === 'number' ? v : (v?.result ?? 0);
    };
    const evaluate = (formula: string): number => {
      const sum = /^SUM\(E(\d+):E(\d+)\)$/.exec(formula);
      if (sum) { let k = 0; for (let r = +sum[1]; r <= +sum[2]; r++) k += Math.round(value(`E${r}`) * 100); return k / 100; }
      const sumif = /^SUMIF\(D(\d+):D(\d+),"([^"]+)",E\d+:E\d+\)$/.exec(formula);
      if (sumif) { let k = 0; for (let r = +sumif[1]; r <= +sumif[2]; r++) if (sheet.getCell(`D${r}`).value === sumif[3]) k += Math.round(value(`E${r}`) * 100); return k / 100; }
      return formula.split('+').reduce((k, ref) => k + Math.round(value(ref) * 100), 0) / 100;
    };
    for (const cell of [subtotal, total('Итого по источнику «НСЗ ТФОМС»'), total('Итого по источнику «СМО»'), total('Всего по плану')]) {
      expect(evaluate(cell.formula)).toBe(cell.result);
    }
    // No binary-fraction tails anywhere.
    for (const r of rows) for (const v of r) {
      const n = typeof v === 'number' ? v : (v as { result?: number } | null)?.result;
      if (typeof n === 'number') expect(Math.round(n * 100) / 100).toBe(n);
    }
  });

  it('dates the approval in the region\'s zone: 00:19 in Moscow on 05.12 is «05» декабря, not the UTC 04.12', async () => {
    await h.sql`update roadmap_versions set approved_at = '2026-12-04T21:19:00Z' where roadmap_id = ${id} and version = 1`;
    const roadMap = await docxText((await download(h, `/api/roadmaps/${id}/versions/1/roadmap.docx`, coordinator)).data);
    expect(roadMap).toContain('«05» декабря 2026 г.');
    expect(roadMap).not.toContain('04.12.2026');
    const { data } = await download(h, `/api/roadmaps/${id}/versions/1/financing.xlsx`, coordinator);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as never);
    const heading: string[] = [];
    wb.getWorksheet('План финансирования')!.eachRow((r) => heading.push(String(r.getCell(1).value ?? '')));
    expect(heading.find((t) => t.includes(', редакция 1'))).toContain('утверждена 05.12.2026');
    expect(roadMap).toContain('утверждена 05.12.2026'); // the verification mark too
  });

  it('every document carries its verification mark: version, time, the SHA-256 of the approved content, and a QR code of the public check page', async () => {
    const [{ document }] = await h.sql<{ document: unknown }[]>`select document from roadmap_versions where roadmap_id = ${id} and version = 1`;
    const canonical = (v: unknown): string =>
      Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
      : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as any)[k])}`).join(',')}}`
      : JSON.stringify(v);
    const sha = createHash('sha256').update(canonical(document)).digest('hex');
    for (const path of ['roadmap.docx', 'appointments.docx', 'appointments.docx?organisation=smo-57-1', 'financing.xlsx']) {
      const { data } = await download(h, `/api/roadmaps/${id}/versions/1/${path}`, coordinator);
      const zip = await JSZip.loadAsync(data);
      const xml = Object.keys(zip.files).filter((f) => /^(word\/document|xl\/sharedStrings|xl\/worksheets\/sheet\d+)\.xml$/.test(f));
      const text = (await Promise.all(xml.map((f) => zip.file(f)!.async('string')))).join('\n');
      expect(text, path).toContain(`Дорожная карта ${id}, редакция 1`);
      expect(text, path).toContain(`SHA-256 содержания редакции: ${sha}`);
      expect(text, path).toMatch(/Документ сформирован \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\)/);
      // The QR code, read back from the image as a phone would: the check page of this version and hash.
      const image = Object.keys(zip.files).find((f) => /media\/.*\.png$/.test(f))!;
      const png = PNG.sync.read(await zip.file(image)!.async('nodebuffer'));
      const link = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
      expect(link, path).toBe(`${process.env.APP_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`}/verify/${id}/1?sha256=${sha}`);
      if (path.endsWith('docx')) {
        // Page numbers at the top from the second page on (ГОСТ Р 7.0.97-2016).
        const headers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/header\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
        expect(headers.some((x) => /PAGE/.test(x)), path).toBe(true);
        expect(await zip.file('word/document.xml')!.async('string')).toContain('<w:titlePg/>');
      }
    }
    // The check page, without a login: confirmed for the printed hash, «не совпадает» for another.
    const page = await fetch(`${h.baseUrl}/verify/${id}/1?sha256=${sha}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Подлинность подтверждена');
    expect(html).toContain(sha);
    const forged = await (await fetch(`${h.baseUrl}/verify/${id}/1?sha256=${'0'.repeat(64)}`)).text();
    expect(forged).toContain('Не совпадает');
    expect((await fetch(`${h.baseUrl}/verify/${id}/99`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/verify/nope/1`)).status).toBe(404);
  });

  it('the financing plan carries the approval block like the road map', async () => {
    const { data } = await download(h, `/api/roadmaps/${id}/versions/1/financing.xlsx`, coordinator);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as never);
    const cells: string[] = [];
    wb.getWorksheet('План финансирования')!.eachRow((r) => r.eachCell((c) => { if (c.value !== '') cells.push(String(c.value)); }));
    const at = cells.indexOf('УТВЕРЖДАЮ');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(cells[at + 1]).toBe('Директор ТФОМС Орловской области');
    expect(cells[at + 2]).toMatch(/_+ Белозёров И\.Н\./);
    expect(cells[at + 3]).toMatch(/^«\d{2}» [а-я]+ \d{4} г\.$/);
  });

  it('is refused for a draft version, another region and a version that does not exist', async () => {
    const coordinatorToken = coordinator;
    expect((await h.call('POST', `/api/roadmaps/${id}/versions`, { token: coordinatorToken })).status).toBe(201);
    const draft = await h.call('GET', `/api/roadmaps/${id}/versions/2/roadmap.docx`, { token: coordinatorToken });
    expect(draft.status).toBe(409);
    expect((await h.call('GET', `/api/roadmaps/${id}/versions/9/financing.xlsx`, { token: coordinatorToken })).status).toBe(404);
    expect((await h.call('GET', `/api/roadmaps/${id}/versions/0/roadmap.docx`, { token: coordinatorToken })).status).toBe(400);
    expect((await h.call('GET', `/api/roadmaps/${id}/versions/1/roadmap.docx`)).status).toBe(401);
  });
});
