import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import type { RoadMapDocument } from '../../domain/roadmap.js';
import type { RoadMapDocumentRef } from '../../domain/roadmap-document-ref.js';
import { countExecutions } from '../../domain/roadmap-structure.js';

/**
 * Stores a checked document once, keyed by the SHA-256 of its JSON text, and returns the reference the workflow
 * carries instead of it (Temporal refuses payloads over 2 MB and keeps every input in the history for good).
 * Idempotent: the same document is the same key. A row stored for a command that is then refused stays, unread;
 * rows never change (migration 014).
 */
export async function storeRoadMapDocument(sql: postgres.Sql, document: RoadMapDocument): Promise<RoadMapDocumentRef> {
  const content = JSON.stringify(document);
  const sha256 = createHash('sha256').update(content, 'utf8').digest('hex');
  await sql`insert into roadmap_documents (sha256, content) values (${sha256}, ${content}) on conflict (sha256) do nothing`;
  return { sha256, executions: countExecutions(document), coordinatorId: document.coordinatorId };
}
