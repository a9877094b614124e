CREATE TABLE "checkins_missed" (
	"district_id" text NOT NULL,
	"building_id" text NOT NULL,
	"day" text NOT NULL,
	"missed" integer NOT NULL,
	"time" timestamp with time zone NOT NULL,
	CONSTRAINT "checkins_missed_district_id_building_id_day_pk" PRIMARY KEY("district_id","building_id","day")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"district_id" text NOT NULL,
	"notice_id" text NOT NULL,
	"level" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"building_ids" text[] NOT NULL,
	CONSTRAINT "notices_district_id_notice_id_pk" PRIMARY KEY("district_id","notice_id")
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"district_id" text NOT NULL,
	"building_id" text NOT NULL,
	"households" integer NOT NULL,
	"answered" integer NOT NULL,
	"time" timestamp with time zone NOT NULL,
	CONSTRAINT "surveys_district_id_building_id_pk" PRIMARY KEY("district_id","building_id")
);
--> statement-breakpoint
ALTER TABLE "needs" ADD COLUMN "created_at" timestamp with time zone;