import {
  createScreener,
  type Post,
  type Screener,
  ScreeningInputError,
  type ScreeningResult,
  type ScreenOptions,
} from '@jaga/screening';
import { AppError } from '../../errors.js';

/** A post that could not be screened, in a batch answer. */
export interface ScreenFailure {
  readonly id: string | number | null;
  readonly error: string;
}

/** Options a caller may set per request. */
export interface ScreenRequestOptions {
  readonly thresholds?: ScreenOptions['thresholds'];
  readonly helpLine?: string;
}

/**
 * Compiles the built-in catalogue once for the app's life; screening stores nothing.
 *
 * @example
 * const screening = createScreeningService();
 * screening.screenOne({ text: 'Hiring CS in Bavet, TG @hr' });
 */
export function createScreeningService(screener: Screener = createScreener()) {
  const options = (o: ScreenRequestOptions | undefined): ScreenOptions => {
    return {
      ...(o?.thresholds === undefined ? {} : { thresholds: o.thresholds }),
      ...(o?.helpLine === undefined ? {} : { helpLine: o.helpLine }),
    };
  };
  const run = (post: Post, o: ScreenRequestOptions | undefined): ScreeningResult => {
    try {
      return screener.screen(post, options(o));
    } catch (error) {
      if (error instanceof RangeError) throw new AppError('bad_request', error.message);
      throw error;
    }
  };
  return {
    /** Screens one post; input the engine cannot screen is a 400 with the engine's message. */
    screenOne(post: Post, o?: ScreenRequestOptions): ScreeningResult {
      try {
        return run(post, o);
      } catch (error) {
        if (error instanceof ScreeningInputError) throw new AppError('bad_request', error.message);
        throw error;
      }
    },
    /** Screens posts in order; a post the engine cannot screen gets `{ id, error }`. */
    screenMany(
      posts: readonly Post[],
      o?: ScreenRequestOptions,
    ): Array<ScreeningResult | ScreenFailure> {
      return posts.map((post) => {
        try {
          return run(post, o);
        } catch (error) {
          if (error instanceof ScreeningInputError)
            return { id: post.id ?? null, error: error.message };
          throw error;
        }
      });
    },
  };
}

/** The screening service of one app. */
export type ScreeningService = ReturnType<typeof createScreeningService>;
