/**
 * A road-map document by reference: the SHA-256 (hex) of its stored JSON text in `roadmap_documents`, which is
 * also its key, and the number of executions it expands to (what the workflow needs to run the launch without
 * reading it). Workflows, Update arguments and activity inputs carry this instead of the document; the
 * activities load the text by the key and check the hash (and the count) before they use it.
 * Zod-free: the road-map workflow imports it.
 */
export interface RoadMapDocumentRef {
  sha256: string;
  executions: number;
  /** The document's monitoring coordinator: who besides its author may submit the draft (absent in older refs). */
  coordinatorId?: string;
}
