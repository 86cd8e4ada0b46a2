import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Integration and e2e suites need a real PostgreSQL and Kafka. Where a Docker engine answers, testcontainers
// provides both; otherwise the project's own scripts start them (embedded PostgreSQL where none runs, and a
// Kafka broker assembled from Maven Central jars). The test code is the same either way.
export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..', '..');
  if (process.env.TEST_INFRA_READY === '1') return;
  if (await dockerAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const pgc = await new PostgreSqlContainer('postgres:16-alpine')
      .withUsername('postgres')
      .withPassword('postgres')
      .start();
    const kc = await new KafkaContainer('confluentinc/cp-kafka:7.9.1')
      .withKraft()
      .withEnvironment({
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      })
      .start();
    process.env.DATABASE_URL = `postgres://postgres:postgres@${pgc.getHost()}:${pgc.getPort()}/petitions`;
    process.env.KAFKA_BROKERS = `${kc.getHost()}:${kc.getMappedPort(9093)}`;
    (globalThis as Record<string, unknown>).__CONTAINERS__ = [pgc, kc];
  } else {
    execFileSync(process.execPath, [join(root, 'docker', 'pg-local.mjs'), 'up'], { stdio: 'inherit' });
    execFileSync('bash', [join(root, 'docker', 'kafka-local.sh'), 'up'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  process.env.TEST_INFRA_READY = '1';
}

async function dockerAvailable(): Promise<boolean> {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
