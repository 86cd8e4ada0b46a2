export * from './case-projection';
export * from './case-actions';
