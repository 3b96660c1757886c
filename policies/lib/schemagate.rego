package schemagate.lib
