//! Table definitions shared by both backends. Ids are UUIDs stored as TEXT,
//! timestamps are `TIMESTAMP` holding UTC with microsecond precision.

diesel::table! {
    offices (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        city -> Text,
        country -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        time_zone -> Nullable<Text>,
    }
}

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        acronym -> Nullable<Text>,
        kind -> Text,
        description -> Text,
        services -> Text,
        offices_served -> Text,
        languages -> Text,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        address -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        has_capacity -> Bool,
        website -> Nullable<Text>,
        webhook_url -> Nullable<Text>,
        webhook_secret -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        full_name -> Text,
        role -> Text,
        office_id -> Nullable<Text>,
        organization_id -> Nullable<Text>,
        active -> Bool,
        password_hash -> Text,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        language -> Nullable<Text>,
        password_change_required -> Bool,
        awaiting_confirmation_by -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        web_token_hash -> Nullable<Text>,
        last_seen_at -> Nullable<Timestamp>,
        client_address -> Nullable<Text>,
    }
}

diesel::table! {
    session_notices (session_id) {
        session_id -> Text,
        message_key -> Text,
        argument -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        session_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        spent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_mfa (user_id) {
        user_id -> Text,
        secret -> Nullable<Text>,
        pending_secret -> Nullable<Text>,
        last_step -> Nullable<BigInt>,
        enabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mfa_recovery_codes (id) {
        id -> Text,
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mfa_tickets (ticket_hash) {
        ticket_hash -> Text,
        user_id -> Text,
        holder -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_throttle (scope) {
        scope -> Text,
        window_start -> Timestamp,
        failures -> BigInt,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        role -> Nullable<Text>,
        action -> Text,
        entity_type -> Nullable<Text>,
        entity_id -> Nullable<Text>,
        office_id -> Nullable<Text>,
        request_id -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        seq -> BigInt,
        hash -> Text,
    }
}

diesel::table! {
    audit_anchors (keyed_from) {
        keyed_from -> BigInt,
        key_id -> Text,
        anchor_mac -> Text,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    referrals (id) {
        id -> Text,
        case_id -> Text,
        office_id -> Text,
        organization_id -> Text,
        service_type -> Text,
        reason -> Text,
        urgency -> Text,
        respond_by -> Timestamp,
        share -> Text,
        status -> Text,
        responded_at -> Nullable<Timestamp>,
        accepted_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    referral_events (id) {
        id -> Text,
        referral_id -> Text,
        status -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        reason -> Nullable<Text>,
        outcome -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_outbox (id) {
        id -> Text,
        organization_id -> Text,
        event_type -> Text,
        payload -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        delivered_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::joinable!(users -> offices (office_id));
diesel::joinable!(api_keys -> organizations (organization_id));
diesel::joinable!(referrals -> cases (case_id));
diesel::joinable!(referral_events -> referrals (referral_id));
diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));

diesel::table! {
    households (id) {
        id -> Text,
        office_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    migrants (id) {
        id -> Text,
        office_id -> Text,
        given_name -> Text,
        family_name -> Text,
        name_ar -> Nullable<Text>,
        sex -> Text,
        birth_date -> Nullable<Date>,
        birth_year -> Nullable<Integer>,
        nationality -> Nullable<Text>,
        languages -> Text,
        phone -> Nullable<Text>,
        district -> Nullable<Text>,
        legal_status -> Text,
        vulnerabilities -> Text,
        arrival_date -> Nullable<Date>,
        household_id -> Nullable<Text>,
        relationship_to_head -> Nullable<Text>,
        documents -> Text,
        search_text -> Text,
        state -> Text,
        merged_into -> Nullable<Text>,
        anonymised_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    migrant_keys (migrant_id, key) {
        migrant_id -> Text,
        office_id -> Text,
        key -> Text,
    }
}

diesel::table! {
    consents (id) {
        id -> Text,
        migrant_id -> Text,
        purpose -> Text,
        given -> Bool,
        note -> Nullable<Text>,
        recorded_by -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    case_counters (office_id, year) {
        office_id -> Text,
        year -> Integer,
        last_number -> Integer,
    }
}

diesel::table! {
    cases (id) {
        id -> Text,
        office_id -> Text,
        migrant_id -> Text,
        case_number -> Text,
        status -> Text,
        priority -> Text,
        assigned_to -> Nullable<Text>,
        summary -> Text,
        opened_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        closure_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    services (id) {
        id -> Text,
        case_id -> Text,
        service_type -> Text,
        status -> Text,
        service_date -> Date,
        provider -> Text,
        notes -> Nullable<Text>,
        recorded_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        office_id -> Text,
    }
}

diesel::table! {
    notes (id) {
        id -> Text,
        case_id -> Text,
        text -> Text,
        author_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    follow_ups (id) {
        id -> Text,
        case_id -> Text,
        due_on -> Date,
        description -> Text,
        done_at -> Nullable<Timestamp>,
        done_by -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Text,
        key -> Text,
        fingerprint -> Text,
        status -> Integer,
        created_at -> Timestamp,
        resource_id -> Text,
    }
}

diesel::joinable!(migrants -> households (household_id));
diesel::table! {
    target_lists (id) {
        id -> Text,
        office_id -> Text,
        name -> Text,
        definition -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    distributions (id) {
        id -> Text,
        office_id -> Text,
        service_type -> Text,
        service_date -> Date,
        place -> Nullable<Text>,
        quantity -> Nullable<Integer>,
        provider -> Text,
        target_list_id -> Nullable<Text>,
        served -> Integer,
        exceptions -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    distribution_services (distribution_id, service_id) {
        distribution_id -> Text,
        service_id -> Text,
        migrant_id -> Text,
    }
}

diesel::joinable!(migrant_keys -> migrants (migrant_id));
diesel::joinable!(consents -> migrants (migrant_id));
diesel::joinable!(cases -> migrants (migrant_id));
diesel::joinable!(services -> cases (case_id));
diesel::joinable!(notes -> cases (case_id));
diesel::joinable!(follow_ups -> cases (case_id));

diesel::table! {
    imports (id) {
        id -> Text,
        office_id -> Text,
        file_name -> Text,
        file_sha256 -> Text,
        content -> Nullable<Binary>,
        column_names -> Text,
        mapping -> Text,
        state -> Text,
        row_count -> Integer,
        report -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        imported_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    import_rows (office_id, row_key) {
        office_id -> Text,
        row_key -> Text,
        migrant_id -> Text,
        import_id -> Text,
    }
}

diesel::table! {
    import_mappings (office_id) {
        office_id -> Text,
        mapping -> Text,
        updated_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    offices,
    organizations,
    users,
    sessions,
    refresh_tokens,
    login_throttle,
    user_mfa,
    mfa_recovery_codes,
    mfa_tickets,
    audit_log,
    audit_head,
    audit_anchors,
    households,
    migrants,
    migrant_keys,
    consents,
    case_counters,
    cases,
    services,
    notes,
    follow_ups,
    idempotency_keys,
    api_keys,
    referrals,
    referral_events,
    webhook_outbox,
    target_lists,
    distributions,
    distribution_services,
    imports,
    import_rows,
    import_mappings,
);

diesel::table! {
    migrant_key_scheme (id) {
        id -> Integer,
        version -> Integer,
    }
}
