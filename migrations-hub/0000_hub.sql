CREATE TABLE "alert_deliveries" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"alert_id" text NOT NULL,
	"district_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_failed_at" timestamp with time zone,
	"last_error" text,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_reports" (
	"alert_id" text NOT NULL,
	"district_id" text NOT NULL,
	"counts" jsonb NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_reports_alert_id_district_id_pk" PRIMARY KEY("alert_id","district_id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"text" text NOT NULL,
	"sent_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"district_id" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"source" text NOT NULL,
	"subject" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_district_id_id_pk" PRIMARY KEY("district_id","id")
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"district_id" text NOT NULL,
	"need_id" text NOT NULL,
	"building_id" text NOT NULL,
	"status" text NOT NULL,
	"priority" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "needs_district_id_need_id_pk" PRIMARY KEY("district_id","need_id")
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_alert_district" ON "alert_deliveries" USING btree ("alert_id","district_id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_pending" ON "alert_deliveries" USING btree ("district_id","seq") WHERE "alert_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "events_district_time" ON "events" USING btree ("district_id","time");--> statement-breakpoint
CREATE INDEX "events_district_type" ON "events" USING btree ("district_id","type");--> statement-breakpoint
CREATE INDEX "needs_district_status" ON "needs" USING btree ("district_id","status");