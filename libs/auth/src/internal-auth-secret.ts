import { registerDecorator, ValidationArguments } from 'class-validator';
import { MIN_SECRET_LENGTH } from './internal-token';

/**
 * DEVELOPMENT ONLY: the secret the local stack and the test suites sign internal tokens with when
 * INTERNAL_AUTH_SECRET is not set. A service started with NODE_ENV=production refuses to boot with it.
 */
export const DEV_INTERNAL_AUTH_SECRET = 'DEVELOPMENT-ONLY internal-auth secret: set INTERNAL_AUTH_SECRET';

/**
 * Env-class decorator for INTERNAL_AUTH_SECRET: at least 32 characters, and when NODE_ENV=production, set (the
 * development default is refused). Every service that signs or checks internal tokens declares the variable.
 */
export function IsInternalAuthSecret(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInternalAuthSecret',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return false;
          const env = args.object as { NODE_ENV?: string };
          return !(env.NODE_ENV === 'production' && value === DEV_INTERNAL_AUTH_SECRET);
        },
        defaultMessage: () =>
          `INTERNAL_AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters, and must be set ` +
          '(not the development default) when NODE_ENV=production',
      },
    });
}
