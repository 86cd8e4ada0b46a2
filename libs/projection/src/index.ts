export * from './case-projection';
