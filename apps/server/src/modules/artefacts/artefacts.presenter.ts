import { TLP_MARKING_DEFINITION_IDS } from '../sharing/tlp.js';
import type { ArtefactRow } from './artefacts.repository.js';
import type { ArtefactBody } from './artefacts.schema.js';

/** The metadata that the custody log binds by hash (never by value: titles can be sensitive). */
export interface BoundMetadata {
  title: string;
  filename: string;
  mediaType: string;
  legalBasis: string | null;
  source: string | null;
  acquiredAt: string | null;
}

/**
 * The descriptive metadata of an artefact exactly as the API shows it and as its custody leaves
 * hash it (`details.metadataSha256`), so a bundle's metadata can be checked against the log.
 *
 * @example
 * const digest = sha256(canonicalJson(boundMetadata(row)));
 */
export function boundMetadata(row: ArtefactRow): BoundMetadata {
  return {
    title: row.title,
    filename: row.filename,
    mediaType: row.mediaType,
    legalBasis: row.legalBasis,
    source: row.source,
    acquiredAt: row.acquiredAt ? row.acquiredAt.toISOString() : null,
  };
}

/**
 * An artefact as one viewer sees it: only the sharing groups their organisation is in are named.
 *
 * @example
 * reply.send(presentArtefact(row, { groups, recipients, canChangeSharing: true }));
 */
export function presentArtefact(
  row: ArtefactRow,
  shown: {
    groups: ArtefactBody['groups'];
    recipients: ArtefactBody['recipients'];
    canChangeSharing: boolean;
  },
): ArtefactBody {
  return {
    id: row.id,
    ...boundMetadata(row),
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    tlp: row.tlp,
    tlpMarkingDefinitionId: TLP_MARKING_DEFINITION_IDS[row.tlp],
    organisation: { id: row.organisationId, name: row.organisationName },
    createdBy: { id: row.createdBy, displayName: row.createdByName },
    groups: shown.groups,
    recipients: shown.recipients,
    canChangeSharing: shown.canChangeSharing,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
