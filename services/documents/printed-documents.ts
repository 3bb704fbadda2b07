import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { appointingOrganisation, appointmentsDocx } from './appointments-docx.js';
import { documentFileName } from './document-text.js';
import { financingXlsx } from './financing-xlsx.js';
import { roadMapDocx } from './roadmap-docx.js';
import { loginsOf, roadMapWorkbook } from './roadmap-xlsx-export.js';
import { versionContext } from './version-context.js';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface DocumentFile {
  fileName: string;
  type: string;
  data: Buffer;
}

/** The documents seed 000 asks a region to sign, printed from an approved version; the same for the API and the pages. */
export const printedDocuments = {
  async roadMap(sql: postgres.Sql, actor: Actor, roadMapId: string, version: number): Promise<DocumentFile> {
    const ctx = await versionContext(sql, actor, roadMapId, version, { approvedOnly: true });
    return { fileName: documentFileName(ctx, 'дорожная-карта', 'docx'), type: DOCX, data: await roadMapDocx(ctx) };
  },
  async appointments(sql: postgres.Sql, actor: Actor, roadMapId: string, version: number, organisationId?: string): Promise<DocumentFile> {
    const ctx = await versionContext(sql, actor, roadMapId, version, { approvedOnly: true });
    const org = appointingOrganisation(ctx, organisationId);
    return { fileName: documentFileName(ctx, `назначение-ответственных-${org.id}`, 'docx'), type: DOCX, data: await appointmentsDocx(ctx, org) };
  },
  async financing(sql: postgres.Sql, actor: Actor, roadMapId: string, version: number): Promise<DocumentFile> {
    const ctx = await versionContext(sql, actor, roadMapId, version, { approvedOnly: true });
    return { fileName: documentFileName(ctx, 'план-финансирования', 'xlsx'), type: XLSX, data: await financingXlsx(ctx) };
  },
};

/** Who issues an appointments act for this road map: the region's ТФОМС and every СМО the appointments name. */
export async function appointingOrganisations(sql: postgres.Sql, regionCode: string, smoIds: string[]): Promise<{ id: string; name: string; kind: 'TFOMS' | 'SMO' }[]> {
  return sql<{ id: string; name: string; kind: 'TFOMS' | 'SMO' }[]>`
    select id, name, kind from organisations
    where (kind = 'TFOMS' and region_code = ${regionCode}) or (kind = 'SMO' and id = any(${smoIds}))
    order by kind desc, name`;
}

/** The empty road-map workbook to fill in, and any version (draft too) in the same layout, ready to edit and import again. */
export const roadMapWorkbooks = {
  async template(): Promise<DocumentFile> {
    return { fileName: 'шаблон-дорожной-карты.xlsx', type: XLSX, data: await roadMapWorkbook(null, new Map()) };
  },
  async version(sql: postgres.Sql, actor: Actor, roadMapId: string, version: number): Promise<DocumentFile> {
    const ctx = await versionContext(sql, actor, roadMapId, version, { approvedOnly: false });
    return { fileName: documentFileName(ctx, 'дорожная-карта', 'xlsx'), type: XLSX, data: await roadMapWorkbook(ctx.doc, await loginsOf(sql, ctx.doc)) };
  },
};
