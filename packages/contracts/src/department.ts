import { z } from 'zod';

/** A department as events and documents name it: a stable id and its Chinese name. */
export const DepartmentRefSchema = z.object({ id: z.string(), name: z.string() });
