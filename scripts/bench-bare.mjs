// The ceiling for this stack: Express 5 doing the same state updates as regionmock, with no
// validation, no journal and no logging. Started by bench.mjs (PORT from the environment);
// bench-validator.mjs puts the same handlers behind the request validator.
import express from 'express';
import { pathToFileURL } from 'node:url';

/** The two PUTs, as plain handlers over in-memory maps. */
export function handlers(app) {
  const regions = new Map([['febc993cefe84d158b3ac245d7aa0943', { region_id: 'febc993cefe84d158b3ac245d7aa0943', region_name: 'rainbond' }]]);
  const keys = new Map([['0d0466b0-e727-4d9c-b35d-f84bb474a37f', { key_id: '0d0466b0-e727-4d9c-b35d-f84bb474a37f', primary_region: 'cn-north-4', replica_regions: ['cn-east-3', 'ap-southeast-1'] }]]);
  app.put('/openapi/v2/manage/regions/:id', (req, res) => {
    const region = regions.get(req.params.id);
    if (!region) return res.status(404).json({ msg: 'not found' });
    if (typeof req.body?.url !== 'string') return res.status(400).json({ msg: 'url required' });
    const next = { ...region, ...req.body, region_id: region.region_id, region_name: region.region_name };
    regions.set(region.region_id, next);
    res.json(next);
  });
  app.put('/v2/:project/kms/keys/:id/update-primary-region', (req, res) => {
    const key = keys.get(req.params.id);
    if (!key) return res.status(404).json({ error: { error_code: 'KMS.0207', error_msg: 'The key does not exist.' } });
    const wanted = req.body?.primary_region;
    if (wanted !== key.primary_region) {
      keys.set(key.key_id, { ...key, primary_region: wanted, replica_regions: [...key.replica_regions.filter((r) => r !== wanted), key.primary_region] });
    }
    res.json({ key_id: key.key_id, primary_region: wanted });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = express();
  app.use(express.json());
  app.get('/__admin/health', (_req, res) => res.json({ status: 'ok' }));
  handlers(app);
  app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${process.env.PORT}`));
}
