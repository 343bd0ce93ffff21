//! Uploaded files, kept in the database so that every replica serves them
//! and a database backup contains them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::files;
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = files)]
pub struct StoredFile {
    pub id: i32,
    pub owner_id: i32,
    pub purpose: String,
    pub content_type: String,
    pub filename: String,
    pub size: i32,
    pub sha256: String,
    pub data: Vec<u8>,
    pub created_at: NaiveDateTime,
}

pub fn insert(
    conn: &mut DbConn,
    owner_id: i32,
    purpose: &str,
    content_type: &str,
    filename: &str,
    data: &[u8],
    now: NaiveDateTime,
) -> QueryResult<i32> {
    let digest = hex::encode(Sha256::digest(data));
    diesel::insert_into(files::table)
        .values((
            files::owner_id.eq(owner_id),
            files::purpose.eq(purpose),
            files::content_type.eq(content_type),
            files::filename.eq(filename),
            files::size.eq(data.len() as i32),
            files::sha256.eq(&digest),
            files::data.eq(data),
            files::created_at.eq(now),
        ))
        .execute(conn)?;
    files::table
        .filter(files::owner_id.eq(owner_id))
        .filter(files::sha256.eq(&digest))
        .order(files::id.desc())
        .select(files::id)
        .first(conn)
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<StoredFile>> {
    files::table
        .find(id)
        .select(StoredFile::as_select())
        .first(conn)
        .optional()
}

pub fn delete(conn: &mut DbConn, id: i32) -> QueryResult<()> {
    diesel::delete(files::table.find(id)).execute(conn)?;
    Ok(())
}
