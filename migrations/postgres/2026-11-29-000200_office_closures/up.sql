-- issue 17: office closures (停止上班). A day the government closed offices
-- in an area (a typhoon …), with the announcement it was declared in. One
-- row per date and area: two organisers recording the same closure at once
-- collide here (409) and leave one row.
--
-- `applied`: the area was the portal's CLOSURE_AREA when it was recorded,
-- so the day counts as a day off on the office calendar (and the due dates
-- of open requests were moved then). Kept apart from office_calendar so
-- that a re-imported official year keeps its closures.
CREATE TABLE office_closures (
    id SERIAL PRIMARY KEY,
    on_date DATE NOT NULL,
    area TEXT NOT NULL,
    reference TEXT NOT NULL,
    applied BOOLEAN NOT NULL,
    recorded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX office_closures_once ON office_closures (on_date, area);
