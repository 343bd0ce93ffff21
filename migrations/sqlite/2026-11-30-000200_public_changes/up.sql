-- One change counter per area of the anonymous public pages (contests and
-- results, data requests, the catalogue, datasets' use in entries): a use
-- case that changes what those pages show raises it in its own transaction,
-- and every replica's render cache drops the pages it rendered before.
CREATE TABLE public_changes (
    area TEXT PRIMARY KEY NOT NULL,
    generation BIGINT NOT NULL DEFAULT 0
);
INSERT INTO public_changes (area, generation) VALUES
    ('contests', 0), ('requests', 0), ('catalog', 0), ('usage', 0);
