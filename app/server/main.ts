import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { randomPassword } from './lib/password.js';
import { seedDemo } from './services/demo.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);

  if (config.seedDemo) {
    const password = config.demoPassword ?? randomPassword();
    const accounts = await seedDemo(app.db, { password, hashCost: config.passwordHashCost, stage: config.seedDemo });
    if (accounts) {
      console.log('\nDemo cycle "Kennisagenda 2024–2027" created. Demo accounts:');
      for (const a of accounts) console.log(`  ${a.email.padEnd(36)} ${a.role}`);
      console.log(
        config.demoPassword
          ? '  password: the value of DEMO_PASSWORD'
          : `  password: ${password}   (shown only now; set DEMO_PASSWORD to choose one)`
      );
    }
  }

  await app.listen({ port: config.port, host: config.host });
  const where = app.dbInfo.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`\nKennisagenda Werkbank: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`);
  console.log(`Database: ${where}, migration ${app.dbInfo.migration}`);

  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
