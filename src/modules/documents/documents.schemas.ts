import { Type } from 'typebox';
import { DOCUMENT_KINDS } from '../../../shared/enums.js';
import { DateTime, Enum, Nullable, Uuid } from '../../platform/schemas.js';

/** An enforcement paper issued on a case (责令限期拆除通知书, 催告书, 送达回证). */
export const CaseDocument = Type.Object({
  id: Uuid,
  caseId: Uuid,
  kind: Enum(DOCUMENT_KINDS, 'demolition_order 责令限期拆除通知书 / reminder 催告书 / delivery_receipt 送达回证'),
  title: Type.String(),
  docNo: Type.String({ description: 'the paper number of the town, e.g. 新埭拆字〔2026〕第3号' }),
  refersTo: Nullable(Type.String({ description: 'a delivery receipt: the paper delivered' })),
  issuedAt: DateTime(),
  pdf: Type.String({ description: 'URL of the PDF' }),
});
export const CaseDocumentList = Type.Object({ items: Type.Array(CaseDocument) }, { description: 'Papers issued on the case' });
