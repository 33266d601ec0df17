DROP TABLE session_notices;
