//! The database schema, written by hand so one file serves SQLite and PostgreSQL
//! alike: only portable column types (Integer, Text, Bool, Timestamp).

diesel::table! {
    users (id) {
        id -> Integer,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        email_verified_at -> Nullable<Timestamp>,
        locale -> Text,
        disabled -> Bool,
        must_change_password -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    roles (name) {
        name -> Text,
        sort_order -> Integer,
    }
}

diesel::table! {
    business_units (id) {
        id -> Integer,
        code -> Text,
        name_zh -> Text,
        name_en -> Text,
        kind -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    user_roles (id) {
        id -> Integer,
        user_id -> Integer,
        role -> Text,
        unit_id -> Nullable<Integer>,
        granted_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Integer,
        token_hash -> Text,
        user_id -> Integer,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        user_agent -> Nullable<Text>,
        ip -> Nullable<Text>,
    }
}

diesel::table! {
    email_tokens (id) {
        id -> Integer,
        user_id -> Integer,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    throttle_events (id) {
        id -> Integer,
        bucket -> Text,
        subject -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Integer,
        to_addr -> Text,
        subject -> Text,
        body_text -> Text,
        kind -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        actor_id -> Nullable<Integer>,
        action -> Text,
        object_type -> Text,
        object_id -> Nullable<Text>,
        details -> Text,
        ip -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    job_leases (name) {
        name -> Text,
        holder -> Text,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(user_roles -> business_units (unit_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(audit_log -> users (actor_id));

diesel::table! {
    schools (code) {
        code -> Text,
        name -> Text,
        ownership -> Text,
        city -> Text,
        website -> Text,
        system -> Text,
    }
}

diesel::table! {
    contests (id) {
        id -> Integer,
        year -> Integer,
        title -> Text,
        title_en -> Text,
        description -> Text,
        published -> Bool,
        registration_opens_at -> Nullable<Timestamp>,
        registration_closes_at -> Nullable<Timestamp>,
        submission_deadline_at -> Nullable<Timestamp>,
        review_starts_at -> Nullable<Timestamp>,
        review_ends_at -> Nullable<Timestamp>,
        judging_starts_at -> Nullable<Timestamp>,
        judging_ends_at -> Nullable<Timestamp>,
        finals_at -> Nullable<Timestamp>,
        finals_venue -> Text,
        results_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    tracks (id) {
        id -> Integer,
        contest_id -> Integer,
        position -> Integer,
        name -> Text,
        name_en -> Text,
        theme -> Text,
        agency_unit_id -> Nullable<Integer>,
        recommended_datasets -> Text,
        rules_text -> Text,
        min_students -> Integer,
        max_students -> Integer,
        min_advisors -> Integer,
        max_advisors -> Integer,
        max_tracks_per_team -> Integer,
        min_datasets -> Integer,
        counted_publishers -> Text,
        cross_school_allowed -> Bool,
        proof_required -> Bool,
        registration_closes_at -> Nullable<Timestamp>,
        submission_deadline_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        second_review_for_fail -> Bool,
        results_published_at -> Nullable<Timestamp>,
        results_notified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    track_prizes (id) {
        id -> Integer,
        track_id -> Integer,
        position -> Integer,
        rank_label -> Text,
        winners -> Integer,
        amount -> Integer,
        rank_label_en -> Text,
    }
}

diesel::table! {
    files (id) {
        id -> Integer,
        owner_id -> Integer,
        purpose -> Text,
        content_type -> Text,
        filename -> Text,
        size -> Integer,
        sha256 -> Text,
        data -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    profiles (user_id) {
        user_id -> Integer,
        real_name -> Text,
        kind -> Text,
        school_code -> Nullable<Text>,
        school_name -> Text,
        school_checked -> Bool,
        department -> Text,
        student_id -> Text,
        year_of_study -> Nullable<Integer>,
        phone -> Text,
        proof_file_id -> Nullable<Integer>,
        proof_status -> Text,
        proof_checked_by -> Nullable<Integer>,
        proof_checked_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        school_verified -> Bool,
        department_verified -> Bool,
        student_verified -> Bool,
        verified_by -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    teams (id) {
        id -> Integer,
        contest_id -> Integer,
        name -> Text,
        captain_id -> Integer,
        withdrawn -> Bool,
        member_token -> Text,
        advisor_token -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    team_tracks (team_id, track_id) {
        team_id -> Integer,
        track_id -> Integer,
    }
}

diesel::table! {
    team_members (id) {
        id -> Integer,
        team_id -> Integer,
        contest_id -> Integer,
        user_id -> Integer,
        member_role -> Text,
        joined_at -> Timestamp,
    }
}

diesel::table! {
    team_events (id) {
        id -> Integer,
        team_id -> Integer,
        actor_id -> Nullable<Integer>,
        action -> Text,
        details -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    team_extensions (id) {
        id -> Integer,
        team_id -> Integer,
        deadline -> Text,
        until_at -> Timestamp,
        reason -> Text,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(tracks -> contests (contest_id));
diesel::joinable!(tracks -> business_units (agency_unit_id));
diesel::joinable!(track_prizes -> tracks (track_id));
diesel::joinable!(profiles -> schools (school_code));
diesel::joinable!(teams -> contests (contest_id));
diesel::table! {
    /// Issue 18: the list flags a team's members decide, kept by
    /// `service::teams::flags`.
    team_flags (team_id) {
        team_id -> Integer,
        contest_id -> Integer,
        rules_met -> Bool,
        proof_missing -> Bool,
        cross_school -> Bool,
        cross_department -> Bool,
        schools -> Text,
    }
}

diesel::joinable!(team_flags -> teams (team_id));
diesel::joinable!(team_tracks -> teams (team_id));
diesel::joinable!(team_tracks -> tracks (track_id));
diesel::joinable!(team_members -> teams (team_id));
diesel::joinable!(team_events -> teams (team_id));
diesel::joinable!(team_extensions -> teams (team_id));

diesel::table! {
    datasets (id) {
        id -> Integer,
        source -> Text,
        source_id -> Text,
        title -> Text,
        publisher -> Text,
        publisher_oid -> Text,
        description -> Text,
        fields -> Text,
        formats -> Text,
        update_frequency -> Text,
        license -> Text,
        published_at -> Nullable<Timestamp>,
        modified_at -> Nullable<Timestamp>,
        search_text -> Text,
        content_hash -> Text,
        synced_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        gone_at -> Nullable<Timestamp>,
        format_flag -> Nullable<Text>,
    }
}

diesel::table! {
    dataset_cards (dataset_id) {
        dataset_id -> Integer,
        resource_url -> Text,
        resource_format -> Text,
        encoding -> Text,
        column_names -> Text,
        sample_rows -> Text,
        read_at -> Nullable<Timestamp>,
        checked_at -> Timestamp,
        link_status -> Nullable<Integer>,
        problem -> Text,
        problem_detail -> Text,
    }
}

diesel::table! {
    dataset_resources (id) {
        id -> Integer,
        dataset_id -> Integer,
        position -> Integer,
        format -> Text,
        url -> Text,
        description -> Text,
        fields -> Text,
    }
}

diesel::table! {
    sync_runs (id) {
        id -> Integer,
        source -> Text,
        since -> Text,
        started_by -> Nullable<Integer>,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        new_count -> Integer,
        updated_count -> Integer,
        unchanged_count -> Integer,
        failed_count -> Integer,
        errors -> Text,
        cards_read -> Integer,
        cards_failed -> Integer,
        gone_count -> Integer,
    }
}

diesel::joinable!(dataset_resources -> datasets (dataset_id));
diesel::joinable!(dataset_cards -> datasets (dataset_id));

diesel::table! {
    dataset_changes (id) {
        id -> Integer,
        dataset_id -> Integer,
        kind -> Text,
        change_key -> Text,
        columns_before -> Text,
        columns_after -> Text,
        seen_at -> Timestamp,
    }
}

diesel::table! {
    dataset_change_entries (id) {
        id -> Integer,
        change_id -> Integer,
        entry_id -> Integer,
        lost_fields -> Text,
    }
}

diesel::joinable!(dataset_changes -> datasets (dataset_id));
diesel::joinable!(dataset_change_entries -> dataset_changes (change_id));
diesel::joinable!(dataset_change_entries -> entries (entry_id));

diesel::table! {
    entries (id) {
        id -> Integer,
        team_id -> Integer,
        track_id -> Integer,
        contest_id -> Integer,
        status -> Text,
        version -> Integer,
        title -> Text,
        #[sql_name = "abstract"]
        abstract_ -> Text,
        problem -> Text,
        solution -> Text,
        target_users -> Text,
        demo_url -> Text,
        repo_url -> Text,
        proposal_file_id -> Nullable<Integer>,
        submitted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_version -> Integer,
        challenge_id -> Nullable<Integer>,
    }
}

diesel::table! {
    entry_datasets (id) {
        id -> Integer,
        entry_id -> Integer,
        dataset_id -> Integer,
        position -> Integer,
        fields_used -> Text,
        usage -> Text,
        depth -> Integer,
    }
}

diesel::table! {
    entry_versions (id) {
        id -> Integer,
        entry_id -> Integer,
        version -> Integer,
        author_id -> Nullable<Integer>,
        status -> Text,
        snapshot -> Text,
        saved_at -> Timestamp,
    }
}

diesel::table! {
    entry_endorsements (entry_id, advisor_id) {
        entry_id -> Integer,
        advisor_id -> Integer,
        endorsed_at -> Timestamp,
    }
}

diesel::joinable!(entry_datasets -> entries (entry_id));
diesel::joinable!(entry_datasets -> datasets (dataset_id));
diesel::joinable!(entry_versions -> entries (entry_id));
diesel::joinable!(entry_endorsements -> entries (entry_id));
diesel::joinable!(entries -> teams (team_id));
diesel::joinable!(entries -> tracks (track_id));

diesel::table! {
    reason_codes (id) {
        id -> Integer,
        code -> Text,
        label_zh -> Text,
        label_en -> Text,
        active -> Bool,
        position -> Integer,
    }
}

diesel::table! {
    eligibility_decisions (id) {
        id -> Integer,
        entry_id -> Integer,
        outcome -> Text,
        reasons -> Text,
        message -> Text,
        fix_parts -> Text,
        revision_due_at -> Nullable<Timestamp>,
        entry_version -> Integer,
        decided_by -> Nullable<Integer>,
        decided_at -> Timestamp,
        change_reason -> Text,
        confirmed_by -> Nullable<Integer>,
        confirmed_at -> Nullable<Timestamp>,
        needs_confirmation -> Bool,
        is_current -> Bool,
    }
}

diesel::joinable!(eligibility_decisions -> entries (entry_id));

diesel::table! {
    rubrics (id) {
        id -> Integer,
        track_id -> Integer,
        round -> Text,
        quantity_scale -> Text,
        locked_at -> Nullable<Timestamp>,
        locked_by -> Nullable<Integer>,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    rubric_criteria (id) {
        id -> Integer,
        rubric_id -> Integer,
        position -> Integer,
        kind -> Text,
        name_zh -> Text,
        name_en -> Text,
        description_zh -> Text,
        description_en -> Text,
        weight -> Double,
        min_score -> Double,
        max_score -> Double,
    }
}

diesel::joinable!(rubric_criteria -> rubrics (rubric_id));

diesel::table! {
    judge_panel (id) {
        id -> Integer,
        track_id -> Integer,
        round -> Text,
        email -> Text,
        max_load -> Integer,
        invited_by -> Nullable<Integer>,
        invited_at -> Timestamp,
    }
}

diesel::table! {
    judge_conflict_notes (id) {
        id -> Integer,
        user_id -> Integer,
        team_id -> Integer,
        kind -> Text,
        note -> Text,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    judge_assignments (id) {
        id -> Integer,
        entry_id -> Integer,
        user_id -> Integer,
        round -> Text,
        manual -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    scores (id) {
        id -> Integer,
        entry_id -> Integer,
        user_id -> Integer,
        round -> Text,
        status -> Text,
        criteria -> Text,
        depth -> Text,
        comment -> Text,
        total -> Nullable<Double>,
        version -> Integer,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        comment_shared -> Bool,
        notes -> Text,
    }
}

diesel::table! {
    score_history (id) {
        id -> Integer,
        score_id -> Integer,
        status -> Text,
        criteria -> Text,
        depth -> Text,
        comment -> Text,
        total -> Nullable<Double>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    awards (id) {
        id -> Integer,
        track_id -> Integer,
        entry_id -> Integer,
        prize_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    finalists (id) {
        id -> Integer,
        track_id -> Integer,
        entry_id -> Integer,
        preliminary_rank -> Nullable<Integer>,
        advanced_by -> Nullable<Integer>,
        advanced_at -> Timestamp,
    }
}

diesel::table! {
    judging_settings (id) {
        id -> Integer,
        track_id -> Integer,
        round -> Text,
        anonymous -> Bool,
        show_others -> Bool,
        rank_method -> Text,
        disagreement -> Double,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    office_calendar (on_date) {
        on_date -> Date,
        day_off -> Bool,
        note -> Text,
    }
}

diesel::table! {
    office_closures (id) {
        id -> Integer,
        on_date -> Date,
        area -> Text,
        reference -> Text,
        applied -> Bool,
        recorded_by -> Nullable<Integer>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    calendar_imports (id) {
        id -> Integer,
        year -> Integer,
        source -> Text,
        days -> Integer,
        off_days -> Integer,
        imported_by -> Nullable<Integer>,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    data_requests (id) {
        id -> Integer,
        requester_id -> Integer,
        team_id -> Nullable<Integer>,
        entry_id -> Nullable<Integer>,
        title -> Text,
        description -> Text,
        fields -> Text,
        purpose -> Text,
        suggested_unit_id -> Nullable<Integer>,
        preferred_format -> Text,
        needed_by -> Nullable<Date>,
        show_team -> Bool,
        state -> Text,
        unit_id -> Nullable<Integer>,
        routed_on -> Nullable<Date>,
        due_on -> Nullable<Date>,
        paused_on -> Nullable<Date>,
        expected_on -> Nullable<Date>,
        dataset_id -> Nullable<Text>,
        duplicate_of -> Nullable<Integer>,
        reason_code -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        answered_days -> Nullable<Integer>,
        answered_in_time -> Nullable<Bool>,
        reminded_before_on -> Nullable<Date>,
        reminded_due_on -> Nullable<Date>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        challenge_id -> Nullable<Integer>,
    }
}

diesel::table! {
    data_request_events (id) {
        id -> Integer,
        request_id -> Integer,
        actor_id -> Nullable<Integer>,
        action -> Text,
        from_state -> Text,
        to_state -> Text,
        message -> Text,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    data_request_spans (id) {
        id -> Integer,
        request_id -> Integer,
        unit_id -> Nullable<Integer>,
        started_on -> Date,
        due_on -> Date,
        paused_days -> Integer,
        ended_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
    }
}

diesel::table! {
    data_request_followers (id) {
        id -> Integer,
        request_id -> Integer,
        user_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    data_request_comments (id) {
        id -> Integer,
        request_id -> Integer,
        author_id -> Nullable<Integer>,
        author_role -> Text,
        body -> Text,
        hidden_at -> Nullable<Timestamp>,
        hidden_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    request_reasons (id) {
        id -> Integer,
        code -> Text,
        label_zh -> Text,
        label_en -> Text,
        active -> Bool,
        position -> Integer,
    }
}

diesel::table! {
    notifications (id) {
        id -> Integer,
        user_id -> Integer,
        kind -> Text,
        title -> Text,
        summary -> Text,
        link -> Text,
        read_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        template -> Nullable<Text>,
        subject_id -> Nullable<Text>,
        data -> Nullable<Text>,
    }
}

diesel::table! {
    notification_prefs (id) {
        id -> Integer,
        user_id -> Integer,
        kind -> Text,
        email -> Bool,
    }
}

diesel::table! {
    dataset_publishers (publisher) {
        publisher -> Text,
        datasets -> Integer,
    }
}

// issue 15: themes
diesel::table! {
    dataset_themes (dataset_id, theme) {
        dataset_id -> Integer,
        theme -> Text,
        tagged_at -> Timestamp,
    }
}

diesel::table! {
    track_datasets (track_id, dataset_id) {
        track_id -> Integer,
        dataset_id -> Integer,
        tagged_at -> Timestamp,
    }
}

diesel::joinable!(dataset_themes -> datasets (dataset_id));
diesel::joinable!(track_datasets -> datasets (dataset_id));
diesel::joinable!(track_datasets -> tracks (track_id));

diesel::table! {
    finder_cards (id) {
        id -> Integer,
        contest_id -> Integer,
        user_id -> Integer,
        discipline -> Text,
        skills -> Text,
        idea -> Text,
        withdrawn_at -> Nullable<Timestamp>,
        hidden_at -> Nullable<Timestamp>,
        hidden_by -> Nullable<Integer>,
        hidden_reason -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    finder_card_tracks (card_id, track_id) {
        card_id -> Integer,
        track_id -> Integer,
    }
}

diesel::table! {
    finder_contacts (id) {
        id -> Integer,
        card_id -> Integer,
        requester_id -> Integer,
        message -> Text,
        state -> Text,
        created_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    discipline_keywords (id) {
        id -> Integer,
        keyword -> Text,
        discipline -> Text,
        updated_by -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(finder_card_tracks -> finder_cards (card_id));
diesel::joinable!(finder_contacts -> finder_cards (card_id));

diesel::table! {
    user_identities (id) {
        id -> Integer,
        user_id -> Integer,
        provider -> Text,
        subject -> Text,
        email -> Text,
        real_name -> Text,
        school_code -> Nullable<Text>,
        school_name -> Text,
        department -> Text,
        student -> Bool,
        created_at -> Timestamp,
        signed_in_at -> Timestamp,
    }
}

diesel::table! {
    oidc_logins (id) {
        id -> Integer,
        state_hash -> Text,
        provider -> Text,
        nonce -> Text,
        pkce_verifier -> Text,
        next_path -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    oidc_links (id) {
        id -> Integer,
        token_hash -> Text,
        user_id -> Integer,
        provider -> Text,
        subject -> Text,
        asserted -> Text,
        next_path -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(user_identities -> users (user_id));
diesel::joinable!(oidc_links -> users (user_id));

// issue 16: consult
diesel::table! {
    consults (id) {
        id -> Integer,
        entry_id -> Integer,
        asked_by -> Nullable<Integer>,
        question -> Text,
        entry_version -> Integer,
        asked_at -> Timestamp,
        answered_by -> Nullable<Integer>,
        answer -> Text,
        reasons -> Text,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(consults -> entries (entry_id));

diesel::table! {
    campaigns (id) {
        id -> Integer,
        contest_id -> Integer,
        code -> Text,
        name -> Text,
        school_code -> Nullable<Text>,
        department -> Text,
        channel -> Text,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    campaign_visits (id) {
        id -> Integer,
        campaign_id -> Integer,
        visitor -> Text,
        visited_at -> Timestamp,
    }
}

diesel::table! {
    campaign_signups (user_id) {
        user_id -> Integer,
        campaign_id -> Integer,
        signed_up_at -> Timestamp,
    }
}

diesel::joinable!(campaigns -> contests (contest_id));
diesel::joinable!(campaigns -> schools (school_code));
diesel::joinable!(campaign_visits -> campaigns (campaign_id));
diesel::joinable!(campaign_signups -> campaigns (campaign_id));
diesel::joinable!(campaign_signups -> users (user_id));

// issue 17: winners' sharing sessions
diesel::table! {
    sharing_sessions (id) {
        id -> Integer,
        contest_id -> Integer,
        held_on -> Date,
        starts_at -> Text,
        place -> Text,
        note -> Text,
        version -> Integer,
        agenda_version -> Integer,
        agenda_sent_at -> Nullable<Timestamp>,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sharing_slots (id) {
        id -> Integer,
        session_id -> Integer,
        starts -> Text,
        ends -> Text,
        label -> Text,
    }
}

diesel::table! {
    sharing_invitations (id) {
        id -> Integer,
        session_id -> Integer,
        team_id -> Integer,
        slot_id -> Integer,
        state -> Text,
        message -> Text,
        preferred_slot_id -> Nullable<Integer>,
        invited_by -> Nullable<Integer>,
        invited_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sharing_actions (id) {
        id -> Integer,
        session_id -> Integer,
        description -> Text,
        owner_unit_id -> Integer,
        due_on -> Date,
        done_at -> Nullable<Timestamp>,
        done_by -> Nullable<Integer>,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(sharing_sessions -> contests (contest_id));
diesel::joinable!(sharing_slots -> sharing_sessions (session_id));
diesel::joinable!(sharing_invitations -> sharing_sessions (session_id));
diesel::joinable!(sharing_invitations -> teams (team_id));
diesel::joinable!(sharing_actions -> sharing_sessions (session_id));
diesel::joinable!(sharing_actions -> business_units (owner_unit_id));

diesel::table! {
    ranking_rounds (track_id, round) {
        track_id -> Integer,
        round -> Text,
        ranked -> Integer,
        unscored -> Integer,
        flagged_judges -> Text,
        refreshed_at -> Timestamp,
    }
}

diesel::table! {
    ranking_lines (track_id, round, entry_id) {
        track_id -> Integer,
        round -> Text,
        entry_id -> Integer,
        position -> Integer,
        rank_normalised -> Nullable<Integer>,
        rank_mean -> Nullable<Integer>,
        rank_median -> Nullable<Integer>,
        reviews -> Integer,
        mean -> Double,
        median -> Double,
        stdev -> Double,
        min_total -> Double,
        max_total -> Double,
        normalised -> Double,
        disagreement -> Bool,
        quantity -> Integer,
        judges -> Text,
    }
}

diesel::joinable!(ranking_rounds -> tracks (track_id));
diesel::joinable!(ranking_lines -> entries (entry_id));

diesel::allow_tables_to_appear_in_same_query!(
    challenges,
    challenge_datasets,
    challenge_sharing,
    dashboard_changes,
    dashboard_snapshots,
    team_flags,
    ranking_rounds,
    ranking_lines,
    sharing_sessions,
    sharing_slots,
    sharing_invitations,
    sharing_actions,
    campaigns,
    campaign_visits,
    campaign_signups,
    consults,
    user_identities,
    oidc_logins,
    oidc_links,
    finder_cards,
    finder_card_tracks,
    finder_contacts,
    discipline_keywords,
    dataset_themes,
    track_datasets,
    dataset_publishers,
    notifications,
    notification_prefs,
    request_reasons,
    office_calendar,
    office_closures,
    calendar_imports,
    data_requests,
    data_request_events,
    data_request_spans,
    data_request_followers,
    data_request_comments,
    finalists,
    judging_settings,
    awards,
    scores,
    score_history,
    judge_panel,
    judge_conflict_notes,
    judge_assignments,
    rubrics,
    rubric_criteria,
    reason_codes,
    eligibility_decisions,
    entries,
    entry_datasets,
    entry_versions,
    entry_endorsements,
    datasets,
    dataset_cards,
    dataset_changes,
    dataset_change_entries,
    dataset_resources,
    sync_runs,
    users,
    roles,
    business_units,
    user_roles,
    sessions,
    email_tokens,
    throttle_events,
    mail_outbox,
    audit_log,
    job_leases,
    schools,
    contests,
    tracks,
    track_prizes,
    files,
    profiles,
    teams,
    team_tracks,
    team_members,
    team_events,
    team_extensions,
);

// issue 19: each background job's last pass without error.
diesel::table! {
    job_runs (name) {
        name -> Text,
        succeeded_at -> Timestamp,
    }
}

// issue 20: challenges set by business units (出題).
diesel::table! {
    challenges (id) {
        id -> Integer,
        contest_id -> Integer,
        track_id -> Integer,
        unit_id -> Integer,
        state -> Text,
        title_zh -> Text,
        title_en -> Text,
        statement_zh -> Text,
        statement_en -> Text,
        intended_users -> Text,
        releasable_data -> Text,
        contact_name -> Text,
        contact_email -> Text,
        prize -> Text,
        review_note -> Text,
        version -> Integer,
        created_by -> Nullable<Integer>,
        submitted_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        published_by -> Nullable<Integer>,
        results_notified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    challenge_datasets (id) {
        id -> Integer,
        challenge_id -> Integer,
        dataset_id -> Integer,
        position -> Integer,
    }
}

diesel::table! {
    challenge_sharing (id) {
        id -> Integer,
        challenge_id -> Integer,
        session_id -> Integer,
        attendees -> Integer,
        note -> Text,
        registered_by -> Nullable<Integer>,
        registered_at -> Timestamp,
    }
}

diesel::joinable!(challenges -> contests (contest_id));
diesel::joinable!(challenges -> tracks (track_id));
diesel::joinable!(challenges -> business_units (unit_id));
diesel::joinable!(challenge_datasets -> challenges (challenge_id));
diesel::joinable!(challenge_datasets -> datasets (dataset_id));
diesel::joinable!(challenge_sharing -> challenges (challenge_id));
diesel::joinable!(challenge_sharing -> sharing_sessions (session_id));
diesel::joinable!(entries -> challenges (challenge_id));
diesel::joinable!(data_requests -> challenges (challenge_id));

// issue 18: the dashboard's change counter (raised by triggers) and its
// snapshots, one per contest and language.
diesel::table! {
    dashboard_changes (id) {
        id -> Integer,
        generation -> BigInt,
    }
}

diesel::table! {
    dashboard_snapshots (contest_id, lang) {
        contest_id -> Integer,
        lang -> Text,
        generation -> BigInt,
        figures -> Text,
        made_at -> Timestamp,
    }
}
