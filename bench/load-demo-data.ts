import { samplePetition } from './fixtures/sample-petitions';

// Posts demo petitions through intake's API. Idempotency keys make a second run a no-op.
async function main(): Promise<void> {
  const base = process.env.INTAKE_URL ?? 'http://127.0.0.1:3001';
  const count = Number(process.env.DEMO_CASES ?? 24);
  let created = 0;
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${base}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `demo-${i}` },
      body: JSON.stringify(samplePetition(i)),
    });
    if (res.status !== 201) throw new Error(`demo case ${i}: HTTP ${res.status} ${await res.text()}`);
    created++;
  }
  process.stderr.write(`demo data: ${created} petitions posted to intake\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
