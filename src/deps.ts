import path from 'node:path';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { DiskBlobStore, type BlobStore } from './platform/blobs.js';
import { S3BlobStore } from './platform/s3-blobs.js';
import { systemClock, type Clock } from './platform/clock.js';
import { jobQueue, type JobHandlers } from './platform/jobs.js';
import { auditRepo } from './modules/audit/audit.repo.js';
import { auditService } from './modules/audit/audit.service.js';
import { casesRepo } from './modules/cases/cases.repo.js';
import { casesService } from './modules/cases/cases.service.js';
import { divisionsRepo } from './modules/divisions/divisions.repo.js';
import { divisionsService } from './modules/divisions/divisions.service.js';
import { photosRepo } from './modules/photos/photos.repo.js';
import { photosService } from './modules/photos/photos.service.js';
import { patrolRepo } from './modules/patrol/patrol.repo.js';
import { patrolService } from './modules/patrol/patrol.service.js';
import { settingsRepo } from './modules/settings/settings.repo.js';
import { settingsService } from './modules/settings/settings.service.js';
import { localIdentityProvider, usersService } from './modules/users/users.service.js';
import { usersRepo } from './modules/users/users.repo.js';
import { supervisionRepo } from './modules/supervision/supervision.repo.js';
import { inAppNotifier } from './platform/notify.js';
import { notificationsRepo } from './modules/notifications/notifications.repo.js';
import { todoRepo } from './modules/todo/todo.repo.js';
import { todoService } from './modules/todo/todo.service.js';
import { documentsRepo } from './modules/documents/documents.repo.js';
import { documentsService } from './modules/documents/documents.service.js';
import { supervisionService } from './modules/supervision/supervision.service.js';
import { indexRepo } from './modules/index/index.repo.js';
import { indexService } from './modules/index/index.service.js';
import { reportsRepo } from './modules/reports/reports.repo.js';
import { reportsService } from './modules/reports/reports.service.js';
import { overviewRepo } from './modules/overview/overview.repo.js';
import { overviewService } from './modules/overview/overview.service.js';
import { selectionRepo } from './modules/selection/selection.repo.js';
import { selectionService } from './modules/selection/selection.service.js';
import { itemsRepo } from './modules/items/items.repo.js';
import { campaignsRepo } from './modules/campaigns/campaigns.repo.js';
import { campaignsService } from './modules/campaigns/campaigns.service.js';
import { itemsService } from './modules/items/items.service.js';
import { importsRepo } from './modules/imports/imports.repo.js';
import { importsService } from './modules/imports/imports.service.js';
import { processHere, processUpload } from './modules/photos/photo.pool.js';
import { photoOriginalsRepo } from './modules/photos/photo-originals.repo.js';
import { photoOriginalsService } from './modules/photos/photo-originals.service.js';
import { uploadStore } from './platform/tus.js';
import { alertsRepo } from './modules/alerts/alerts.repo.js';
import { alertsService } from './modules/alerts/alerts.service.js';
import { setupRepo } from './modules/setup/setup.repo.js';
import { setupService } from './modules/setup/setup.service.js';
import { ogcRepo } from './modules/ogc/ogc.repo.js';
import { ogcService } from './modules/ogc/ogc.service.js';
import { tilesRepo } from './modules/tiles/tiles.repo.js';
import { tilesService } from './modules/tiles/tiles.service.js';
import { goalsRepo } from './modules/goals/goals.repo.js';
import { goalsService } from './modules/goals/goals.service.js';
import { lettersRepo } from './modules/letters/letters.repo.js';
import { lettersService } from './modules/letters/letters.service.js';
import { patchesRepo } from './modules/patches/patches.repo.js';
import { patchesService } from './modules/patches/patches.service.js';
import { externalRepo } from './modules/external/external.repo.js';
import { externalService } from './modules/external/external.service.js';

/** Everything the app and the worker use, built once and passed in (the composition root's output). */
export function createDeps(config: Config, db: Database, opts: { clock?: Clock; blobs?: BlobStore } = {}) {
  const clock = opts.clock ?? systemClock;
  const blobs = opts.blobs ?? (config.s3 ? new S3BlobStore(config.s3) : new DiskBlobStore(path.join(config.dataDir, 'blobs')));
  const jobs = jobQueue({ db, clock });
  const repos = {
    audit: auditRepo(db),
    users: usersRepo(db),
    divisions: divisionsRepo(db),
    cases: casesRepo(db),
    photos: photosRepo(db),
    supervision: supervisionRepo(db),
    settings: settingsRepo(db),
    notifications: notificationsRepo(db),
  };
  const audit = auditService({
    db,
    clock,
    auditRepo: repos.audit,
    blobs,
    anchorMinutes: config.auditAnchorMinutes,
    anchorRetainDays: config.auditAnchorRetainDays,
  });
  const divisions = divisionsService({ db, divisionsRepo: repos.divisions, audit });
  const users = usersService({
    db,
    clock,
    usersRepo: repos.users,
    identity: localIdentityProvider(repos.users),
    audit,
    sessionTtlHours: config.sessionTtlHours,
    sessionIdleMinutes: config.sessionIdleMinutes,
    loginPolicy: config.loginPolicy,
  });
  // the case services call one way, each only those built before it: settings ← cases ← photos ← patrol, supervision
  const settings = settingsService({ db, clock, repo: repos.settings, audit });
  const notifier = inAppNotifier({ repo: repos.notifications, clock });
  const cases = casesService({ db, clock, casesRepo: repos.cases, divisions, audit, jobs, work: settings, notifier });
  const images = config.photoWorker ? processUpload : processHere;
  const originalsRepo = photoOriginalsRepo(db);
  const photos = photosService({ db, clock, blobs, jobs, images, photosRepo: repos.photos, cases, audit, originalsRepo, originalWaitHours: config.originalWaitHours });
  // the originals of two-phase photos: partial uploads under DATA_DIR/uploads (tus), verified into the blob store
  const uploads = uploadStore(path.join(config.dataDir, 'uploads'));
  const photoOriginals = photoOriginalsService({ db, clock, blobs, jobs, images, repo: originalsRepo, photosRepo: repos.photos, uploads, audit, notifier });
  const patrol = patrolService({ db, clock, repo: patrolRepo(db), cases, photos, divisions, audit });
  const supervision = supervisionService({ db, clock, repo: repos.supervision, casesRepo: repos.cases, cases, audit, work: settings, notifier, photos });
  const todo = todoService({ repo: todoRepo(db), notifications: repos.notifications, clock });
  const documents = documentsService({ db, repo: documentsRepo(db), clock, blobs, cases, casesRepo: repos.cases, audit, fontDir: config.pdfFontDir });
  const index = indexService({ db, clock, repo: indexRepo(db), audit, jobs });
  // reads that tolerate seconds of lag go to the replica when there is one (db.replica; docs/scale.md)
  const reports = reportsService({ db, clock, repo: reportsRepo(db.replica), indexRepo: indexRepo(db.replica), audit, fontDir: config.pdfFontDir });
  const overview = overviewService({ repo: overviewRepo(db.replica), clock });
  const selection = selectionService({ repo: selectionRepo(db.replica), cases, audit });
  // an item kind's own figures and export (积水点 …): docs/item-kinds.md
  const items = itemsService({ repo: itemsRepo(db), cases, audit, clock });
  // campaigns (专项整治): their items are cases of kind campaign_item (docs/campaigns.md)
  const campaigns = campaignsService({ db, clock, repo: campaignsRepo(db), cases, divisions, audit });
  const imports = importsService({ db, clock, blobs, jobs, repo: importsRepo(db), usersRepo: repos.users, cases, audit });
  // going live and boundary updates: divisions, boundaries, the cases that change village, the first admin
  const setup = setupService({ db, clock, jobs, repo: setupRepo(db), divisionsRepo: repos.divisions, divisions, casesRepo: repos.cases, usersRepo: repos.users, users, audit });
  const alerts = alertsService({ db, clock, repo: alertsRepo(db), audit, photos, jobs, blobs, documents, fontDir: config.pdfFontDir });
  const ogc = ogcService({ repo: ogcRepo(db.replica), cases, users, audit });
  // vector tiles of cases, patches and divisions: ST_AsMVT on PostgreSQL, the product's encoder on PGlite
  const tiles = tilesService({ repo: tilesRepo(db.replica), cases });
  // the two goals (存量清零、新增归零) and the towns' responsibility letters, whose summary shows them
  const goals = goalsService({ repo: goalsRepo(db), clock });
  const letters = lettersService({ db, clock, repo: lettersRepo(db), blobs, audit, goals, fontDir: config.pdfFontDir });
  // change patches (变化图斑): batches imported, matched to the registry, checked in the field and reviewed by the town
  const patches = patchesService({ db, clock, blobs, repo: patchesRepo(db), cases, photos, audit });
  // the province's and prefecture's point lists: matched to cases, closings sent back (docs/external-points.md)
  const external = externalService({ db, clock, blobs, repo: externalRepo(db), cases, divisions, audit });
  const jobHandlers: JobHandlers = {
    'photo.derive': ({ photoId }) => photos.derive(photoId),
    'photo.original_overdue': ({ photoId }) => photoOriginals.overdue(photoId),
    'photo.render_original': ({ photoId }) => photoOriginals.render(photoId),
    'case.score_duplicates': async ({ caseId }) => {
      await cases.scoreDuplicates([caseId]);
    },
    'index.run': ({ runId }) => index.execute(runId),
    'cases.import': ({ importId }) => imports.execute(importId),
    'alerts.evaluate': async ({ caseId }) => {
      await alerts.evaluate([caseId]);
    },
    'alerts.sweep': async () => {
      await alerts.sweep();
    },
    // a burst of reports is scored together: one statement per step for all of them
    batch: {
      'case.score_duplicates': async (jobs) => {
        await cases.scoreDuplicates(jobs.map((j) => j.caseId));
      },
      'alerts.evaluate': async (jobs) => {
        await alerts.evaluate(jobs.map((j) => j.caseId));
      },
    },
  };
  return {
    config,
    db,
    clock,
    blobs,
    jobs,
    jobHandlers,
    repos,
    uploads,
    services: {
      audit,
      divisions,
      users,
      settings,
      cases,
      photos,
      photoOriginals,
      patrol,
      supervision,
      index,
      todo,
      documents,
      overview,
      selection,
      items,
      campaigns,
      reports,
      imports,
      alerts,
      setup,
      ogc,
      tiles,
      goals,
      letters,
      patches,
      external,
    },
  };
}
export type Deps = ReturnType<typeof createDeps>;
