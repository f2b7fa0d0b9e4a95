import { z } from 'zod';

export const isoTime = z.string().refine(v => !Number.isNaN(Date.parse(v)), {
  message: 'must be an ISO 8601 time',
});
