import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { inSubtree } from '../cases/case-filter.repo.js';

/** One campaign row as the service reads it (dates as YYYY-MM-DD). */
export interface CampaignRow {
  id: string;
  name: string;
  description: string | null;
  scope_divisions: string[];
  scope_area: unknown | null;
  starts_on: string;
  ends_on: string;
  units: string[];
  version: number;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
}

export interface CampaignWrite {
  name: string;
  description: string | null;
  scope_divisions: string[];
  scope_area: unknown | null;
  starts_on: string;
  ends_on: string;
  units: string[];
}

/** A text[] from a JS list, through one JSON parameter (both drivers read it the same way). */
const textArray = (xs: string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(xs)}::jsonb))::text[]`;

/** Counts of a group of items: total (not rejected), done (closed), open, overdue (open past the step deadline or the campaign's end). */
interface CountRow {
  total: number | string;
  done: number | string;
  open: number | string;
  overdue: number | string;
}
const counts = (r: CountRow) => {
  const total = Number(r.total);
  const done = Number(r.done);
  return { total, done, open: Number(r.open), overdue: Number(r.overdue), progress: total ? done / total : 0 };
};

/** One item of a bulk load (the demo city): its final row and the steps that led there. */
export interface BulkItem {
  id: string;
  caseNo: string;
  lon: number;
  lat: number;
  divisionCode: string;
  townCode: string;
  divisionPath: string;
  addressText: string;
  category: string;
  extra: Record<string, unknown>;
  source: string;
  status: string;
  disposalClass: string | null;
  foundAt: Date;
  verifiedAt: Date | null;
  classifiedAt: Date | null;
  closedAt: Date | null;
  deadlineAt: Date | null;
  reportedBy: string | null;
  /** created first; each step moves the status; the last one's `to` is `status` */
  events: { at: Date; kind: string; from: string | null; to: string; actorId: string | null }[];
}

/** The SQL of campaigns (专项整治) and of their items' figures; the items themselves are cases (kind campaign_item). */
export function campaignsRepo(db: Database) {
  const itemsOf = (alias: string, scopePath: string) => sql`${sql.ref(`${alias}.kind`)} = 'campaign_item' and ${inSubtree(`${alias}.division_path`, scopePath)}`;
  const countCols = (now: Date, today: string) => sql`
    count(*) filter (where c.status <> 'rejected') as total,
    count(*) filter (where c.status = 'closed') as done,
    count(*) filter (where c.status not in ('closed', 'rejected')) as open,
    count(*) filter (where c.status not in ('closed', 'rejected') and (c.deadline_at < ${now} or p.ends_on < ${today}::date)) as overdue`;

  return {
    async insert(id: string, w: CampaignWrite, createdBy: string | null, now: Date) {
      await sql`
        insert into campaigns (id, name, description, scope_divisions, scope_area, starts_on, ends_on, units, created_by, created_at, updated_at)
        values (${id}, ${w.name}, ${w.description}, ${textArray(w.scope_divisions)},
          ${w.scope_area ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(w.scope_area)}), 4326))` : null},
          ${w.starts_on}::date, ${w.ends_on}::date, ${textArray(w.units)}, ${createdBy}, ${now}, ${now})`.execute(db.q);
    },

    /** Optimistic update; false when the version moved on. */
    async update(id: string, version: number, w: CampaignWrite, now: Date) {
      const r = await sql`
        update campaigns set name = ${w.name}, description = ${w.description},
          scope_divisions = ${textArray(w.scope_divisions)},
          scope_area = ${w.scope_area ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(w.scope_area)}), 4326))` : null},
          starts_on = ${w.starts_on}::date, ends_on = ${w.ends_on}::date,
          units = ${textArray(w.units)},
          version = version + 1, updated_at = ${now}
        where id = ${id} and version = ${version}`.execute(db.q);
      return Number(r.numAffectedRows ?? 0) > 0;
    },

    async byId(id: string): Promise<CampaignRow | undefined> {
      const r = await sql<CampaignRow>`
        select p.id, p.name, p.description, p.scope_divisions, p.starts_on::text as starts_on, p.ends_on::text as ends_on, p.units, p.version,
          case when p.scope_area is null then null else ST_AsGeoJSON(p.scope_area, 7)::json end as scope_area,
          p.created_by, u.display_name as created_by_name, p.created_at
        from campaigns p left join users u on u.id = p.created_by where p.id = ${id}`.execute(db.q);
      return r.rows[0];
    },

    async byName(name: string) {
      const r = await sql<{ id: string }>`select id from campaigns where name = ${name}`.execute(db.q);
      return r.rows[0];
    },

    divisionNames: async (codes: string[]) => (codes.length ? await db.q.selectFrom('divisions').select(['code', 'short_name as name']).where('code', 'in', codes).execute() : []),

    /** Every campaign with its items' total and done inside a jurisdiction, the latest start first. */
    async list(scopePath: string) {
      const r = await sql<{ id: string; name: string; starts_on: string; ends_on: string; total: number; done: number }>`
        select p.id, p.name, p.starts_on::text as starts_on, p.ends_on::text as ends_on,
          count(c.id) filter (where c.status <> 'rejected')::int as total,
          count(c.id) filter (where c.status = 'closed')::int as done
        from campaigns p left join cases c on c.campaign_id = p.id and ${itemsOf('c', scopePath)}
        group by p.id order by p.starts_on desc, p.name`.execute(db.q);
      return r.rows.map((x) => ({ ...x, total: Number(x.total), done: Number(x.done) }));
    },

    /** The campaign's counts in total, by town and by responsible unit, inside a jurisdiction. */
    async figures(id: string, scopePath: string, now: Date, today: string) {
      const where = sql`c.campaign_id = ${id} and ${itemsOf('c', scopePath)}`;
      const total = await sql<CountRow>`select ${countCols(now, today)} from cases c join campaigns p on p.id = c.campaign_id where ${where}`.execute(db.q);
      const towns = await sql<CountRow & { town_code: string; town_name: string }>`
        select c.town_code, t.short_name as town_name, ${countCols(now, today)}
        from cases c join campaigns p on p.id = c.campaign_id join divisions t on t.code = c.town_code
        where ${where} group by c.town_code, t.short_name order by c.town_code`.execute(db.q);
      const units = await sql<CountRow & { unit: string }>`
        select coalesce(nullif(c.extra->>'responsibleUnit', ''), '未指定') as unit, ${countCols(now, today)}
        from cases c join campaigns p on p.id = c.campaign_id
        where ${where} group by 1 order by count(*) desc, 1`.execute(db.q);
      return {
        total: counts(total.rows[0] ?? { total: 0, done: 0, open: 0, overdue: 0 }),
        byTown: towns.rows.map((x) => ({ townCode: x.town_code, townName: x.town_name, ...counts(x) })),
        byUnit: units.rows.map((x) => ({ unit: x.unit, ...counts(x) })),
      };
    },

    /** Items found and items closed (and still closed) before each week's end. */
    async weekly(id: string, scopePath: string, firstEnd: Date, lastEnd: Date) {
      const r = await sql<{ week_end: Date; total: number; done: number }>`
        with w as (select generate_series(${firstEnd}::timestamptz, ${lastEnd}::timestamptz, interval '7 days') as e),
        c as (select c.found_at, c.closed_at, c.status from cases c where c.campaign_id = ${id} and c.status <> 'rejected' and ${itemsOf('c', scopePath)})
        select w.e as week_end,
          count(c.found_at) filter (where c.found_at < w.e)::int as total,
          count(c.found_at) filter (where c.status = 'closed' and c.closed_at < w.e)::int as done
        from w left join c on true group by w.e order by w.e`.execute(db.q);
      return r.rows.map((x) => ({ weekEnd: new Date(x.week_end), total: Number(x.total), done: Number(x.done) }));
    },

    async overdueItems(id: string, scopePath: string, now: Date, today: string, limit: number) {
      const r = await sql<{
        id: string;
        case_no: string;
        extra: Record<string, unknown> | string;
        status: string;
        deadline_at: Date | null;
        town_name: string;
        village_name: string;
      }>`
        select c.id, c.case_no, c.extra, c.status, c.deadline_at, t.short_name as town_name, v.short_name as village_name
        from cases c join campaigns p on p.id = c.campaign_id join divisions t on t.code = c.town_code join divisions v on v.code = c.division_code
        where c.campaign_id = ${id} and ${itemsOf('c', scopePath)} and c.status not in ('closed', 'rejected')
          and (c.deadline_at < ${now} or p.ends_on < ${today}::date)
        order by c.deadline_at nulls last, c.case_no limit ${limit}`.execute(db.q);
      return r.rows;
    },

    /** The 编号 (extra.ref) of the campaign's items, with their case numbers and places. */
    async refs(id: string) {
      const r = await sql<{ ref: string; case_no: string; division_path: string }>`
        select extra->>'ref' as ref, case_no, division_path from cases where campaign_id = ${id} and extra->>'ref' is not null`.execute(db.q);
      return new Map(r.rows.map((x) => [x.ref, { caseNo: x.case_no, path: x.division_path }]));
    },

    /** Puts a new item into its campaign (in the transaction that creates it). */
    link: (caseId: string, campaignId: string) => db.q.updateTable('cases').set({ campaign_id: campaignId }).where('id', '=', caseId).execute(),

    /** Open items of the campaigns running on `today` within `radius` metres, inside a jurisdiction, nearest first. */
    async nearby(lon: number, lat: number, radius: number, scopePath: string, today: string) {
      const r = await sql<{
        id: string;
        case_no: string;
        campaign_id: string;
        campaign_name: string;
        extra: Record<string, unknown> | string;
        category: string;
        status: string;
        lon: number;
        lat: number;
        distance_m: number;
      }>`
        select c.id, c.case_no, c.campaign_id, p.name as campaign_name, c.extra, c.category, c.status, c.lon, c.lat,
          ST_Distance(c.location_geog, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography) as distance_m
        from cases c join campaigns p on p.id = c.campaign_id
        where ${itemsOf('c', scopePath)} and c.status not in ('closed', 'rejected')
          and p.starts_on <= ${today}::date and p.ends_on >= ${today}::date
          and ST_DWithin(c.location_geog, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography, ${radius})
        order by distance_m limit 200`.execute(db.q);
      return r.rows;
    },

    /** The campaigns running on `today`, with their scope (the patrol app keeps them to offer offline). */
    async active(today: string) {
      const r = await sql<{ id: string; name: string; ends_on: string; scope_divisions: string[]; scope_area: unknown | null }>`
        select id, name, ends_on::text as ends_on, scope_divisions,
          case when scope_area is null then null else ST_AsGeoJSON(scope_area, 7)::json end as scope_area
        from campaigns where starts_on <= ${today}::date and ends_on >= ${today}::date order by starts_on desc, name`.execute(db.q);
      return r.rows;
    },

    /** Whether the campaign's drawn area covers the point (true when it has none). */
    async areaCovers(id: string, lon: number, lat: number) {
      const r = await sql<{ covers: boolean | null }>`
        select scope_area is null or ST_Covers(scope_area, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)) as covers from campaigns where id = ${id}`.execute(db.q);
      return r.rows[0]?.covers === true;
    },

    /**
     * A bulk load of items with their timelines and history (the demo city's 7,292 poles): three statements
     * per chunk instead of the workflow's dozen per step. The numbers are the caller's; the counter is set after.
     */
    async insertBulk(campaignId: string, items: BulkItem[], counter: { prefix: string; year: number; upTo: number }) {
      for (let i = 0; i < items.length; i += 1000) {
        const chunk = items.slice(i, i + 1000);
        const rows = chunk.map((x) => ({
          id: x.id,
          case_no: x.caseNo,
          lon: x.lon,
          lat: x.lat,
          division_code: x.divisionCode,
          town_code: x.townCode,
          division_path: x.divisionPath,
          address_text: x.addressText,
          category: x.category,
          extra: x.extra,
          source: x.source,
          status: x.status,
          disposal_class: x.disposalClass,
          found_at: x.foundAt.toISOString(),
          verified_at: x.verifiedAt?.toISOString() ?? null,
          classified_at: x.classifiedAt?.toISOString() ?? null,
          closed_at: x.closedAt?.toISOString() ?? null,
          deadline_at: x.deadlineAt?.toISOString() ?? null,
          reported_by: x.reportedBy,
          version: x.events.length,
          updated_at: x.events[x.events.length - 1].at.toISOString(),
        }));
        // each point's village is the one whose boundary covers it (the caller's guess where none does)
        await sql`
          insert into cases (id, case_no, location, location_geog, lon, lat, division_code, town_code, division_path, origin, kind, extra, category,
            source, address_text, status, disposal_class, found_at, reported_by, deadline_at, verified_at, classified_at, closed_at, version,
            created_at, updated_at, campaign_id)
          select r.id, r.case_no, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)::geography, r.lon, r.lat,
            coalesce(d.code, r.division_code), coalesce(d.town_code, r.town_code), coalesce(d.path, r.division_path), 'new', 'campaign_item', r.extra,
            r.category, r.source, coalesce(d.address, r.address_text), r.status, r.disposal_class,
            r.found_at, r.reported_by, r.deadline_at, r.verified_at, r.classified_at, r.closed_at, r.version, r.found_at, r.updated_at, ${campaignId}
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, case_no text, lon float8, lat float8, division_code text, town_code text,
            division_path text, address_text text, category text, extra jsonb, source text, status text, disposal_class text, found_at timestamptz,
            verified_at timestamptz, classified_at timestamptz, closed_at timestamptz, deadline_at timestamptz, reported_by uuid, version int, updated_at timestamptz)
          left join lateral (
            select v.code, v.path, t.code as town_code, t.short_name || ' ' || v.short_name as address
            from divisions v join divisions t on t.code = v.parent_code
            where v.level = 'village' and ST_Covers(v.boundary, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326))
            order by v.code limit 1) d on true`.execute(db.q);
        const events = chunk.flatMap((x) =>
          x.events.map((e, n) => ({
            case_id: x.id,
            at: e.at.toISOString(),
            actor_id: e.actorId,
            kind: e.kind,
            from_status: e.from,
            to_status: e.to,
            version: n + 1,
            valid_to: x.events[n + 1]?.at.toISOString() ?? null,
            disposal_class: e.to === 'verified' ? null : x.disposalClass,
          })),
        );
        await sql`
          insert into case_events (case_id, at, actor_id, kind, from_status, to_status, note, data)
          select r.case_id, r.at, r.actor_id, r.kind, r.from_status, r.to_status, null, '{}'::jsonb
          from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as r(case_id uuid, at timestamptz, actor_id uuid, kind text, from_status text, to_status text)
          order by r.at`.execute(db.q);
        await sql`
          insert into case_history (case_id, version, valid_from, valid_to, status, disposal_class, origin, division_code, town_code, area_m2, data, kind)
          select r.case_id, r.version, r.at, r.valid_to, r.to_status, r.disposal_class, 'new', c.division_code, c.town_code, null,
            jsonb_build_object('status', r.to_status, 'disposal_class', r.disposal_class, 'campaign_id', ${campaignId}::text), 'campaign_item'
          from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as r(case_id uuid, at timestamptz, version int, valid_to timestamptz, to_status text,
            disposal_class text) join cases c on c.id = r.case_id`.execute(db.q);
      }
      await sql`
        insert into item_counters (prefix, year, last_no) values (${counter.prefix}, ${counter.year}, ${counter.upTo})
        on conflict (prefix, year) do update set last_no = greatest(item_counters.last_no, excluded.last_no)`.execute(db.q);
    },

    /** The campaign's items inside a jurisdiction, for the weekly report's workbook. */
    async exportRows(id: string, scopePath: string, limit: number) {
      const r = await sql<{
        case_no: string;
        extra: Record<string, unknown> | string;
        category: string;
        status: string;
        disposal_class: string | null;
        found_at: Date;
        deadline_at: Date | null;
        closed_at: Date | null;
        lon: number;
        lat: number;
        note: string | null;
        town_name: string;
        village_name: string;
      }>`
        select c.case_no, c.extra, c.category, c.status, c.disposal_class, c.found_at, c.deadline_at, c.closed_at, c.lon, c.lat, c.note,
          t.short_name as town_name, v.short_name as village_name
        from cases c join divisions t on t.code = c.town_code join divisions v on v.code = c.division_code
        where c.campaign_id = ${id} and ${itemsOf('c', scopePath)}
        order by c.town_code, c.case_no limit ${limit}`.execute(db.q);
      return r.rows;
    },

    /** The last number drawn on a kind's counter this year (a bulk load numbers on from it). */
    async lastNo(prefix: string, year: number) {
      const r = await sql<{ last_no: number }>`select last_no from item_counters where prefix = ${prefix} and year = ${year}`.execute(db.q);
      return r.rows[0]?.last_no ?? 0;
    },
  };
}
export type CampaignsRepo = ReturnType<typeof campaignsRepo>;
