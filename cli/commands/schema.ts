import { cascadeJsonSchema } from "../../schema/json-schema.ts";
import type { Command } from "../command.ts";
import { EXIT_OK } from "../command.ts";

export const schema: Command = {
  name: "schema",
  summary: "Print the JSON Schema of the cascade document",
  usage: "cascade schema",
  options: {},
  async run(_positionals, _values, output) {
    output.out(`${JSON.stringify(cascadeJsonSchema(), null, 2)}\n`);
    return EXIT_OK;
  },
};
