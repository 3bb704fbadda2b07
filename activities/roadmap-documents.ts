import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type postgres from 'postgres';
import type { RoadMapDocument } from '../domain/roadmap.js';
import type { RoadMapDocumentRef } from '../domain/roadmap-document-ref.js';
import { countExecutions } from '../domain/roadmap-structure.js';
import { UNSTORABLE_EVENT } from '../domain/unstorable.js';

/**
 * A document named by reference in a workflow's event, loaded from `roadmap_documents` and checked: its text
 * must hash to the key and expand to the executions the workflow was told. A missing or altered document fails
 * the recording for good (UNSTORABLE_EVENT): the workflow undoes the command and refuses it, rather than
 * retrying an append that cannot succeed or projecting something other than what was sent.
 */
export async function loadRoadMapDocument(sql: postgres.Sql | postgres.TransactionSql, ref: RoadMapDocumentRef): Promise<RoadMapDocument> {
  const [row] = await sql<{ content: string }[]>`select content from roadmap_documents where sha256 = ${ref.sha256}`;
  if (!row) throw refused(`документ дорожной карты ${ref.sha256} не найден`);
  const actual = createHash('sha256').update(row.content, 'utf8').digest('hex');
  if (actual !== ref.sha256) throw refused(`документ дорожной карты ${ref.sha256} изменён: его SHA-256 ${actual}`);
  const document = JSON.parse(row.content) as RoadMapDocument;
  const executions = countExecutions(document);
  if (executions !== ref.executions) throw refused(`документ дорожной карты ${ref.sha256} даёт ${executions} исполнений, а не ${ref.executions}`);
  return document;
}

const refused = (message: string) => ApplicationFailure.create({ type: UNSTORABLE_EVENT, message, nonRetryable: true });
