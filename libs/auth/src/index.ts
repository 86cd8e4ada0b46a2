export * from './internal-token';
export * from './internal-auth-secret';
export * from './internal-auth.guard';
export * from './token-revocations';
