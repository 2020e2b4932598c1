import { sql, type Kysely } from 'kysely';

// Formal enforcement papers issued on a case, each with its document number (文号) from a sequence per
// town, kind and year; the content is kept as issued so the PDF renders the same paper every time.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table document_counters (
      unit_code text not null,
      kind text not null,
      year integer not null,
      last_no integer not null,
      primary key (unit_code, kind, year)
    )`.execute(db);
  await sql`
    create table case_documents (
      id uuid primary key,
      case_id uuid not null references cases(id),
      kind text not null check (kind in ('demolition_order','reminder','delivery_receipt')),
      doc_no text not null unique,
      refers_to uuid references case_documents(id),
      issued_at timestamptz not null,
      issued_by uuid references users(id),
      content jsonb not null
    )`.execute(db);
  await sql`create index case_document_case_idx on case_documents (case_id, issued_at)`.execute(db);
}
