/** Types of the generated schema/cascade.validate.js (Ajv standalone code of cascade.schema.json). */
export interface AjvValidate {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}
export declare const validate: AjvValidate;
export default validate;
